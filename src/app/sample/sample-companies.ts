// The sample generator's company records: Dutch-sounding names (some with commas and
// quotes, to exercise CSV quoting), industries, sizes that fit the spend, and the odd
// estimated wallet and satisfaction grade.
import type { Company } from '../../domain/records.ts';
import type { Random } from './prng.ts';
import {
  KIND_CUSTOMER,
  KIND_FORMER,
  KIND_PROSPECT,
  TRAIT_CHAIRMAN,
  TRAIT_CODEVELOPMENT,
  TRAIT_DEMANDING,
  TRAIT_REFERENCE,
  type CompanyProfiles,
} from './company-profiles.ts';

const FAMILY = ['Van Dijk', 'De Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'De Boer', 'Mulder', 'De Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'Dekker', 'Brouwer', 'Van Leeuwen', 'Kok', 'Verhoeven', 'Willems'];
const TRADE = ['Techniek', 'Installaties', 'Bouw', 'Logistiek', 'Metaal', 'Groothandel', 'Food', 'Zorg', 'Automatisering', 'Agri', 'Retail', 'Kunststof'];
const FORM = ['B.V.', 'B.V.', 'B.V.', 'Holding', 'Groep', '& Zn.', 'N.V.', ''];
const CITIES = ['Utrecht', 'Rotterdam', 'Eindhoven', 'Zwolle', 'Groningen', 'Breda', 'Arnhem', 'Tilburg'];
const INDUSTRIES = ['construction', 'manufacturing', 'wholesale', 'retail', 'logistics', 'healthcare', 'hospitality', 'it_services', 'agriculture', 'education'];
export const CITIES_FOR_BRANCHES = CITIES;
const LIFECYCLE = ['customer', 'other', 'opportunity', 'lead'];

export function companyName(p: CompanyProfiles, i: number, random: Random): string {
  if (p.traits[i]! & TRAIT_CHAIRMAN) return `Vereniging ${random.pick(TRADE)}ondernemers ${random.pick(CITIES)}`;
  const r = random.next();
  const base = `${random.pick(FAMILY)} ${random.pick(TRADE)}`;
  if (r < 0.03) return `${base}, ${random.pick(FAMILY)} & Partners`;
  if (r < 0.045) return `"De ${random.pick(TRADE)}" ${random.pick(FAMILY)}`;
  const form = random.pick(FORM);
  return form ? `${base} ${form}` : base;
}

export function buildCompany(p: CompanyProfiles, i: number, name: string, asOfMinute: number, random: Random): Company {
  const kind = p.kind[i]!;
  const traits = p.traits[i]!;
  const buyer = kind === KIND_CUSTOMER || kind === KIND_FORMER;
  const ageDays = buyer ? random.between(3.1 * 365, 12 * 365) : kind === KIND_PROSPECT ? random.between(60, 700) : random.between(1, 1000);
  const company: Company = { id: p.ids[i]!, name, createdAt: asOfMinute - Math.floor(ageDays * 1440) * 60_000 };
  const parent = p.parent[i]!;
  if (parent >= 0) company.parentId = p.ids[parent]!;
  if (random.chance(0.92)) company.industry = random.pick(INDUSTRIES);
  // Employees such that employees × €1,500 (the default wallet per employee) is roughly
  // what the company could spend with us, of which it gives us a share.
  const shareOfWallet = random.between(0.2, 0.9);
  const employees = buyer ? Math.max(1, Math.round(p.spend[i]! / 1500 / shareOfWallet)) : Math.max(1, Math.round(random.lognormal(Math.log(25), 1.3)));
  if (random.chance(0.9)) company.employees = employees;
  if (random.chance(0.7)) company.annualRevenue = Math.round((employees * random.between(120_000, 250_000)) / 1000) * 1000;
  if (random.chance(0.95)) company.lifecycleStage = LIFECYCLE[kind]!;
  if (p.owner[i]) company.ownerId = `owner-${p.owner[i]}`;
  if (kind === KIND_CUSTOMER) {
    company.isReference = (traits & TRAIT_REFERENCE) !== 0;
    company.codevelopment = (traits & TRAIT_CODEVELOPMENT) !== 0;
    if (random.chance(0.15)) company.estimatedWallet = Math.round(p.spend[i]! / shareOfWallet / 100) * 100;
    if (random.chance(0.3)) {
      const grade = traits & TRAIT_DEMANDING ? random.between(4, 7.5) : random.between(6, 10);
      company.satisfaction = Math.round(grade * 10) / 10;
    }
  }
  return company;
}
