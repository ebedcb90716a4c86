// One worker process of `npm run bench:scale`: a Klantwaarde instance that only takes shards
// (store, shard book and pg-boss shard queue on the bench's schemas). On SIGTERM it prints its
// peak RSS and CPU time as one JSON line and exits.
import pg from 'pg';
import { createShardQueue } from '../src/adapters/queue/pgboss.shards.ts';
import { createPostgresStore } from '../src/adapters/store/postgres/postgres.store.ts';
import { openPostgresShards } from '../src/adapters/store/postgres/postgres.shards.ts';
import { silentLogger } from '../src/app/ports/logger.port.ts';
import { RankingPopulation } from '../src/app/ranking-population.ts';
import { takeShard } from '../src/composition/sharded-runs.ts';
import { configHash } from '../src/config/config-hash.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/domain/default-model-config.ts';

const url = process.env.DATABASE_URL!;
const schema = process.env.BENCH_SCHEMA!;
const pool = () => new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
const store = createPostgresStore({ pool: pool() });
const book = await openPostgresShards(pool());
const queue = await createShardQueue({ connectionString: url, schema: process.env.BENCH_BOSS_SCHEMA!, leaseSeconds: 900, heartbeatSeconds: 30, attempts: 3, log: silentLogger });
const recompute = { store, config: DEFAULT_MODEL_CONFIG, configHash: configHash(DEFAULT_MODEL_CONFIG), now: () => Number(process.env.BENCH_AS_OF), log: silentLogger, population: new RankingPopulation(store) };
await queue.work((job) => takeShard({ recompute, shards: book, instance: process.env.BENCH_INSTANCE!, writerFor: () => null }, job), async () => {});
process.stdout.write('READY\n');
process.once('SIGTERM', () => {
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
  process.exit(0);
});
