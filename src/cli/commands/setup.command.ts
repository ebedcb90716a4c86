// klantwaarde setup hubspot — creates the property group, the kw_ properties and the
// association labels in each connected portal; reports what it created, what existed and
// what differs (never changing what a user edited).
import type { ScopeCheck, ScopeNeed, SetupReport } from '../../adapters/crm/hubspot/hubspot.ts';
import type { SalesforceSetupReport } from '../../adapters/crm/salesforce/salesforce.ts';
import { CALLOUT_SECRET_HEADER } from '../../adapters/crm/salesforce/inbound/salesforce.secret.ts';
import { openRuntime } from '../../composition/runtime.ts';
import { CONFIG_HELP, EXIT, UsageError, type Command } from '../command.ts';

export const setupCommand: Command = {
  name: 'setup',
  summary: 'create the custom properties/fields in the connected CRM',
  usage: 'klantwaarde setup hubspot|salesforce [--config FILE]',
  options: { config: { type: 'string' } },
  help: {
    arguments: { 'hubspot|salesforce': { text: 'the CRM to set up: properties, association labels / fields, permission sets', default: 'required', example: 'klantwaarde setup hubspot' } },
    options: { config: CONFIG_HELP },
    examples: ['klantwaarde setup hubspot', 'klantwaarde setup salesforce'],
  },
  async run(values, positionals, io) {
    const [crm] = positionals;
    if (crm !== 'hubspot' && crm !== 'salesforce') throw new UsageError(`setup ${crm ?? '(nothing)'}: expected "setup hubspot" or "setup salesforce"`);
    const runtime = await openRuntime({ configPath: typeof values.config === 'string' ? values.config : undefined, io });
    // The CRM clients are loaded by the command that talks to them.
    const [{ relationLabelsFrom, setupHubSpot }, { orgOfTenant, outboundMessageUrl, setupSalesforce }] = await Promise.all([
      import('../../adapters/crm/hubspot/hubspot.ts'),
      import('../../adapters/crm/salesforce/salesforce.ts'),
    ]);
    try {
      if (crm === 'salesforce') {
        const orgs = runtime.crm.salesforceOrgs;
        const tenants = orgs ? (await runtime.tenants()).filter((t) => orgOfTenant(t) !== null) : [];
        if (!orgs || tenants.length === 0) {
          io.stderr.write(
            orgs?.flow === 'oauth'
              ? 'No Salesforce org has connected yet: an admin opens /oauth/salesforce/connect on the running server (README, "Connecting Salesforce").\n'
              : 'No Salesforce org is connected: set the SALESFORCE_* variables (README, "Connecting Salesforce").\n',
          );
          return EXIT.usage;
        }
        let exit: number = EXIT.ok;
        for (const tenant of tenants) {
          const conn = await orgs.connection(tenant);
          if (!conn) continue;
          const report = await setupSalesforce({ conn, fields: orgs.fields, log: runtime.log });
          // The Flow callout's shared secret: issued once, shown once (SALESFORCE_CALLOUT_SECRET wins).
          const issued = await orgs.issueCalloutSecret(tenant);
          const existing = issued === null ? await orgs.calloutSecret(tenant) : null;
          report.calloutSecret = issued !== null ? { status: 'created', secret: issued } : existing !== null ? { status: 'existing' } : null;
          io.stdout.write(describeSalesforceSetup(tenant, report));
          // The Outbound Message endpoint carries a token derived from the secret (README, "Connecting Salesforce").
          const secret = issued ?? existing;
          if (secret !== null) io.stdout.write(`  Outbound Message endpoint URL: ${outboundMessageUrl(runtime.env.PUBLIC_URL, secret)}\n`);
          if (report.failed.length > 0) exit = EXIT.failure;
        }
        return exit;
      }
      if (runtime.mode !== 'hubspot' && runtime.mode !== 'both') {
        io.stderr.write('No HubSpot account is connected: set HUBSPOT_ACCESS_TOKEN (or the OAuth client id and secret). See README, "Connecting HubSpot".\n');
        return EXIT.usage;
      }
      let exit: number = EXIT.ok;
      for (const tenant of (await runtime.tenants()).filter((t) => runtime.crm.hubspotClient(t) !== null)) {
        const client = runtime.crm.hubspotClient(tenant)!;
        const accessToken = runtime.env.HUBSPOT_ACCESS_TOKEN ?? (await runtime.crm.hubspotOAuth?.accessToken(tenant));
        const app = runtime.crm.hubspotApp ?? undefined;
        const report = await setupHubSpot({ client, accessToken, ...(app ? { app } : {}), relationLabels: relationLabelsFrom(runtime.config.hubspot.associationLabels), log: runtime.log });
        io.stdout.write(describeSetup(tenant, report));
        if (report.failed.length > 0 || (report.scopes?.missing.length ?? 0) > 0) exit = EXIT.failure;
      }
      return exit;
    } finally {
      await runtime.close();
    }
  },
};

export function describeSetup(tenant: string, r: SetupReport): string {
  const lines = [`HubSpot ${tenant}: property group ${r.group}.`];
  lines.push(`  created ${r.created.length}: ${r.created.join(', ') || '-'}`);
  lines.push(`  already there ${r.existing.length}: ${r.existing.join(', ') || '-'}`);
  for (const d of r.differs) lines.push(`  differs (left as it is): ${JSON.stringify(d)}`);
  lines.push(`  association labels created: ${r.labels.created.join(', ') || '-'}; existing: ${r.labels.existing.join(', ') || '-'}`);
  if (r.taskProperty !== 'failed') lines.push(`  task property kw_task_key (contact-schedule tasks): ${r.taskProperty}`);
  if (r.scopes) lines.push(...describeScopes(r.scopes));
  for (const f of r.failed) lines.push(`  FAILED: ${JSON.stringify(f)}`);
  return `${lines.join('\n')}\n`;
}

/** Missing scopes fail setup; optional and unverifiable ones are warnings, named one by one. */
function describeScopes(s: ScopeCheck): string[] {
  const names = (needs: readonly ScopeNeed[]) => needs.map((n) => `${n.anyOf.join(' or ')} (${n.purpose})`).join(', ');
  if (!s.verified) return [`  WARNING: scopes not verified (${s.note ?? 'HubSpot did not describe the token'}): ${names(s.unverified)}`];
  const lines = [`  scopes missing: ${names(s.missing) || 'none'}`];
  if (s.optionalMissing.length > 0) lines.push(`  WARNING: optional scopes missing: ${names(s.optionalMissing)}`);
  return lines;
}

export function describeSalesforceSetup(tenant: string, r: SalesforceSetupReport): string {
  const lines = [`Salesforce ${tenant}:`];
  lines.push(`  fields created ${r.created.length}: ${r.created.join(', ') || '-'}`);
  lines.push(`  already there ${r.existing.length}: ${r.existing.join(', ') || '-'}`);
  for (const d of r.differs) lines.push(`  differs (left as it is): ${JSON.stringify(d)}`);
  for (const p of r.permissionSets) lines.push(`  permission set ${p.name}: ${p.status}${p.added.length ? ` (+${p.added.length} fields)` : ''}`);
  if (r.calloutSecret?.status === 'created') {
    lines.push(`  Flow callout secret (shown once; the Named Credential sends it in the ${CALLOUT_SECRET_HEADER} header): ${r.calloutSecret.secret}`);
  } else if (r.calloutSecret?.status === 'existing') {
    lines.push('  Flow callout secret: already issued (SALESFORCE_CALLOUT_SECRET, or the one shown by an earlier setup)');
  } else {
    lines.push('  Flow callout secret: none (set SALESFORCE_CALLOUT_SECRET, or TOKEN_ENCRYPTION_KEY so setup can issue one)');
  }
  for (const f of r.failed) lines.push(`  FAILED: ${JSON.stringify(f)}`);
  return `${lines.join('\n')}\n`;
}
