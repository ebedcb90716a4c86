// A shard-taking instance in a process of its own (see sharded-run.test.ts): it works shards
// until it has taken (and recorded) its first shard of the stage named in HANG_AT; there it
// says HANGING and waits, holding the shard, to be killed.
import { openShardInstance } from './shard-rig.ts';

const instance = await openShardInstance({ name: 'instance-killed', schema: process.env.SCHEMA!, bossSchema: process.env.BOSS_SCHEMA!, writer: null });
const started = instance.book.started.bind(instance.book);
instance.book.started = async (runId, stage, shard, name) => {
  const taken = await started(runId, stage, shard, name);
  if (taken && stage === process.env.HANG_AT) {
    process.stdout.write(`HANGING ${stage} ${shard}\n`);
    await new Promise(() => {});
  }
  return taken;
};
await instance.work();
process.stdout.write('READY\n');
