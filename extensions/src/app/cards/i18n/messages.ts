// Every word the card shows, in English and Dutch. Codes from the backend (segments, levels,
// actions, cost lines, drivers, roles) are translated here, never shown as the backend's
// English sentences.
import type { ApiErrorKind } from '../api/client.ts';
import type { ActionCode, CostLine, PyramidLevel, Segment } from '../api/types.ts';

export type Language = 'en' | 'nl';

export interface Messages {
  loading: string;
  segmentTag: (segment: Segment) => string;
  noSegment: string;
  pyramidLevel: string;
  levels: Record<PyramidLevel, string>;
  calculatedAt: (when: string) => string;
  valueRank: (rank: number) => string;
  override: {
    heading: string;
    computed: string;
    by: string;
    at: string;
    reason: string;
    until: string;
    noExpiry: string;
  };
  stats: {
    heading: string;
    revenue: string;
    grossMargin: string;
    costToServe: string;
    netContribution: string;
    clv: string;
    strategicValue: string;
    totalValue: string;
    trendNote: (when: string) => string;
  };
  costs: {
    heading: string;
    intro: (total: string) => string;
    lines: Record<CostLine, string>;
    axisLine: string;
    axisAmount: string;
    none: string;
  };
  drivers: {
    heading: string;
    element: string;
    kind: string;
    amount: string;
    share: string;
    value: string;
    cost: string;
    elements: Record<string, string>;
    none: string;
  };
  schedule: {
    heading: string;
    touchpoint: string;
    lastContact: string;
    nextDue: string;
    status: string;
    never: string;
    onTrack: string;
    overdue: (days: number) => string;
    every: (days: number) => string;
    who: Record<string, string>;
    layers: Record<string, string>;
    channels: Record<string, string>;
    none: string;
    /** the task column, with tasks on */
    task: string;
    taskDue: (date: string, owner: string | null) => string;
    openTask: string;
    createTask: string;
    creatingTask: string;
    taskPending: string;
    taskCreated: string;
    taskFailedTitle: string;
  };
  service: {
    overServedTitle: string;
    overServed: (ratio: string, budget: string, segment: string) => string;
    overServedNoBudget: (ratio: string) => string;
    overBudget: (amount: string) => string;
    underServedTitle: string;
    underServed: (name: string, days: number, every: number) => string;
  };
  action: { heading: string; texts: Record<ActionCode, string> };
  history: { heading: string; axisRun: string; axisValue: string; tooFew: string };
  recalc: { button: string; busy: string; failedTitle: string };
  overrideForm: {
    heading: string;
    intro: string;
    segment: string;
    segmentPlaceholder: string;
    reason: string;
    reasonDescription: string;
    expiry: string;
    expiryDescription: string;
    submit: string;
    saving: string;
    remove: string;
    removing: string;
    segmentRequired: string;
    reasonRequired: string;
    reasonTooLong: (max: number) => string;
    saved: string;
    removed: string;
    failedTitle: string;
  };
  notComputed: { title: string; body: string; button: string };
  notCustomer: { title: string; what: Record<'inactive' | 'prospect' | 'suspect', string>; becomes: string };
  errors: { title: string; kinds: Record<ApiErrorKind, string>; retry: string; detail: (code: string, message: string) => string };
  owner: (name: string) => string;
  /** "NPS 8.2 (5 responses)" from surveys; a typed-in grade has no responses */
  satisfaction: (score: string, responses: number | null) => string;
  sidebar: {
    nextContact: string;
    noNextContact: string;
    overdueTitle: string;
    overdue: (name: string, days: number) => string;
    fullCard: string;
  };
  bulk: {
    title: string;
    intro: (count: number) => string;
    tooMany: (count: number, max: number) => string;
    none: string;
    wrongObject: string;
    run: (count: number) => string;
    running: string;
    summary: (done: number, total: number) => string;
    company: string;
    outcome: string;
    segment: string;
    statuses: Record<'recalculated' | 'not_found' | 'refused' | 'postponed', string>;
    unchanged: string;
    failedTitle: string;
  };
}

const en: Messages = {
  loading: 'Loading customer value…',
  segmentTag: (s) => `Segment ${s}`,
  noSegment: 'No segment',
  pyramidLevel: 'Pyramid level',
  levels: {
    top: 'Top customer',
    large: 'Large customer',
    medium: 'Medium customer',
    small: 'Small customer',
    inactive: 'Inactive customer',
    prospect: 'Prospect',
    suspect: 'Suspect',
  },
  calculatedAt: (when) => `Calculated ${when}`,
  valueRank: (rank) => `Value rank ${rank}`,
  override: {
    heading: 'Segment overridden',
    computed: 'Computed segment',
    by: 'Overridden by',
    at: 'On',
    reason: 'Reason',
    until: 'Until',
    noExpiry: 'No end date',
  },
  stats: {
    heading: 'Value (last 12 months)',
    revenue: 'Revenue',
    grossMargin: 'Gross margin',
    costToServe: 'Cost-to-serve',
    netContribution: 'Net contribution',
    clv: 'Customer lifetime value',
    strategicValue: 'Strategic value',
    totalValue: 'Total value',
    trendNote: (when) => `Trends compare with the run of ${when}.`,
  },
  costs: {
    heading: 'Where the money goes',
    intro: (total) => `Cost-to-serve ${total} a year, by line.`,
    lines: {
      calls: 'Calls',
      meetings: 'Meetings',
      visits: 'Visits',
      emails: 'Emails',
      notes: 'Notes',
      tasks: 'Tasks',
      tickets: 'Tickets',
      travel: 'Travel',
      orderHandling: 'Order handling',
      discounts: 'Discounts',
    },
    axisLine: 'Cost line',
    axisAmount: 'Cost per year (EUR)',
    none: 'No cost-to-serve in the last 12 months.',
  },
  drivers: {
    heading: 'Why this segment',
    element: 'What',
    kind: 'Kind',
    amount: 'Amount',
    share: 'Share',
    value: 'Value',
    cost: 'Cost',
    elements: {
      clv: 'Customer lifetime value',
      growth_potential: 'Growth potential',
      referral: 'Referrals',
      influence: 'Influence on others',
      reference: 'Reference customer',
      knowledge: 'Co-development',
    },
    none: 'No drivers recorded.',
  },
  schedule: {
    heading: 'Contact schedule',
    touchpoint: 'Touchpoint',
    lastContact: 'Last contact',
    nextDue: 'Next due',
    status: 'Status',
    never: 'Never',
    onTrack: 'On track',
    overdue: (days) => (days === 1 ? '1 day overdue' : `${days} days overdue`),
    every: (days) => (days === 1 ? 'every day' : `every ${days} days`),
    who: {
      account_manager: 'Account manager',
      management: 'Management',
      inside_sales: 'Inside sales',
      customer_service: 'Customer service',
      sales: 'Sales',
      support: 'Support',
    },
    layers: { decision: 'decision makers', management: 'management', operational: 'operational staff' },
    channels: { visit: 'visit', meeting: 'meeting', call: 'call', email: 'email' },
    none: 'No personal touchpoints in this segment: digital contact only.',
    task: 'Task',
    taskDue: (date, owner) => (owner ? `Due ${date} · ${owner}` : `Due ${date}`),
    openTask: 'Open task',
    createTask: 'Create task now',
    creatingTask: 'Creating task…',
    taskPending: 'Being created…',
    taskCreated: 'Task created in the task list.',
    taskFailedTitle: 'The task could not be created',
  },
  service: {
    overServedTitle: 'Over-served',
    overServed: (ratio, budget, segment) => `Cost-to-serve is ${ratio} of gross margin; the budget for segment ${segment} is ${budget}.`,
    overServedNoBudget: (ratio) => `Cost-to-serve is ${ratio} of gross margin, more than this segment's budget.`,
    overBudget: (amount) => `That is ${amount} a year over budget.`,
    underServedTitle: 'Under-served',
    underServed: (name, days, every) => `${name} is ${days} days overdue (due every ${every} days).`,
  },
  action: {
    heading: 'Recommended action',
    texts: {
      minimum_order_size: 'Set a minimum order size, or charge an order fee.',
      revise_discount: 'Revise the discount: it costs more than this customer brings.',
      service_fee_or_self_service: 'Charge a service fee, or move support to self-service.',
      minimum_annual_revenue: 'Agree a minimum annual revenue.',
      move_to_digital_or_part_ways: 'Serve this customer digitally only, or part ways decently.',
      reduce_effort: 'Reduce the effort to what this segment earns.',
      restore_contact: 'Restore the contact schedule: plan the late touchpoint now.',
      develop_cross_sell: 'Develop cross-sell: there is room in this customer’s wallet.',
      retain_and_involve_management: 'Retain this customer and involve management.',
      maintain: 'Maintain the current approach.',
    },
  },
  history: {
    heading: 'History',
    axisRun: 'Run',
    axisValue: 'Total value (EUR)',
    tooFew: 'The history appears after the second calculation.',
  },
  recalc: { button: 'Recalculate', busy: 'Recalculating…', failedTitle: 'Recalculation failed' },
  overrideForm: {
    heading: 'Override segment',
    intro: 'Your own judgement wins over the model. The computed segment stays visible, and reports see the override.',
    segment: 'Segment',
    segmentPlaceholder: 'Choose a segment',
    reason: 'Reason',
    reasonDescription: 'Required: why this customer belongs in another segment.',
    expiry: 'Until (optional)',
    expiryDescription: 'After this date the computed segment applies again.',
    submit: 'Save override',
    saving: 'Saving override…',
    remove: 'Remove override',
    removing: 'Removing override…',
    segmentRequired: 'Choose a segment.',
    reasonRequired: 'Give a reason for the override.',
    reasonTooLong: (max) => `Keep the reason under ${max} characters.`,
    saved: 'Segment override saved.',
    removed: 'Segment override removed.',
    failedTitle: 'The override was not saved',
  },
  notComputed: {
    title: 'Not computed yet',
    body: 'Klantwaarde has not computed this company yet. The next scheduled run will pick it up, or compute it now.',
    button: 'Compute now',
  },
  notCustomer: {
    title: 'Not a customer',
    what: {
      inactive: 'This company bought from us before, but not in the last 12 months.',
      prospect: 'This company is a prospect: it has an open deal but has never bought.',
      suspect: 'This company is a suspect: it has no deals yet.',
    },
    becomes: 'It becomes a customer, and gets a segment, with a won deal in the last 12 months.',
  },
  errors: {
    title: 'Customer value is not available',
    kinds: {
      not_found: 'This company is unknown to Klantwaarde.',
      unauthorized: 'The Klantwaarde app is not connected for this HubSpot account. Ask your HubSpot admin to reinstall the app.',
      forbidden: 'This HubSpot account is not the one connected to Klantwaarde. Ask your HubSpot admin to install or reconnect the app for this account.',
      invalid: 'The request was refused.',
      server: 'The Klantwaarde server ran into a problem. Try again; if it keeps failing, tell your admin.',
      network: 'The Klantwaarde server could not be reached. Try again in a moment.',
      not_configured: 'The card does not know where the Klantwaarde server is. Ask your admin to upload the project with a config profile that sets BACKEND_URL.',
    },
    retry: 'Try again',
    detail: (code, message) => `${message} (${code})`,
  },
  owner: (name) => `Owner: ${name}`,
  satisfaction: (score, responses) => (responses === null ? `Satisfaction ${score}` : `NPS ${score} (${responses} ${responses === 1 ? 'response' : 'responses'})`),
  sidebar: {
    nextContact: 'Next contact',
    noNextContact: 'No contact planned',
    overdueTitle: 'Contact overdue',
    overdue: (name, days) => `${name} is ${days} ${days === 1 ? 'day' : 'days'} overdue.`,
    fullCard: 'Open the full customer value card',
  },
  bulk: {
    title: 'Recalculate customer value',
    intro: (count) => `Recalculate the ${count} selected ${count === 1 ? 'company' : 'companies'}: read fresh from HubSpot, recomputed and written back.`,
    tooMany: (count, max) => `${count} companies are selected; the first ${max} are recalculated. Select fewer to do the rest.`,
    none: 'Select one or more companies first.',
    wrongObject: 'This action works on companies only.',
    run: (count) => `Recalculate ${count} ${count === 1 ? 'company' : 'companies'}`,
    running: 'Recalculating…',
    summary: (done, total) => `${done} of ${total} recalculated.`,
    company: 'Company',
    outcome: 'Outcome',
    segment: 'Segment',
    statuses: {
      recalculated: 'Recalculated',
      not_found: 'Not found',
      refused: 'Refused by HubSpot',
      postponed: 'Next run',
    },
    unchanged: 'unchanged',
    failedTitle: 'Recalculation failed',
  },
};

const nl: Messages = {
  loading: 'Klantwaarde laden…',
  segmentTag: (s) => `Segment ${s}`,
  noSegment: 'Geen segment',
  pyramidLevel: 'Niveau in de klantenpiramide',
  levels: {
    top: 'Topklant',
    large: 'Grote klant',
    medium: 'Middelgrote klant',
    small: 'Kleine klant',
    inactive: 'Inactieve klant',
    prospect: 'Prospect',
    suspect: 'Suspect',
  },
  calculatedAt: (when) => `Berekend op ${when}`,
  valueRank: (rank) => `Waardepositie ${rank}`,
  override: {
    heading: 'Segment handmatig aangepast',
    computed: 'Berekend segment',
    by: 'Aangepast door',
    at: 'Op',
    reason: 'Reden',
    until: 'Tot',
    noExpiry: 'Geen einddatum',
  },
  stats: {
    heading: 'Waarde (laatste 12 maanden)',
    revenue: 'Omzet',
    grossMargin: 'Brutomarge',
    costToServe: 'Cost-to-serve',
    netContribution: 'Netto bijdrage',
    clv: 'Klantwaarde over de looptijd (CLV)',
    strategicValue: 'Strategische waarde',
    totalValue: 'Totale waarde',
    trendNote: (when) => `Trends vergeleken met de berekening van ${when}.`,
  },
  costs: {
    heading: 'Waar het geld heen gaat',
    intro: (total) => `Cost-to-serve ${total} per jaar, per kostenpost.`,
    lines: {
      calls: 'Telefoongesprekken',
      meetings: 'Afspraken',
      visits: 'Bezoeken',
      emails: 'E-mails',
      notes: 'Notities',
      tasks: 'Taken',
      tickets: 'Tickets',
      travel: 'Reiskosten',
      orderHandling: 'Orderverwerking',
      discounts: 'Kortingen',
    },
    axisLine: 'Kostenpost',
    axisAmount: 'Kosten per jaar (EUR)',
    none: 'Geen cost-to-serve in de laatste 12 maanden.',
  },
  drivers: {
    heading: 'Waarom dit segment',
    element: 'Wat',
    kind: 'Soort',
    amount: 'Bedrag',
    share: 'Aandeel',
    value: 'Waarde',
    cost: 'Kosten',
    elements: {
      clv: 'Klantwaarde over de looptijd (CLV)',
      growth_potential: 'Groeipotentieel',
      referral: 'Doorverwijzingen',
      influence: 'Invloed op anderen',
      reference: 'Referentieklant',
      knowledge: 'Co-development',
    },
    none: 'Geen verklarende factoren vastgelegd.',
  },
  schedule: {
    heading: 'Contactschema',
    touchpoint: 'Contactmoment',
    lastContact: 'Laatste contact',
    nextDue: 'Volgende',
    status: 'Status',
    never: 'Nooit',
    onTrack: 'Op schema',
    overdue: (days) => (days === 1 ? '1 dag te laat' : `${days} dagen te laat`),
    every: (days) => (days === 1 ? 'elke dag' : `elke ${days} dagen`),
    who: {
      account_manager: 'Accountmanager',
      management: 'Directie',
      inside_sales: 'Binnendienst',
      customer_service: 'Klantenservice',
      sales: 'Verkoop',
      support: 'Support',
    },
    layers: { decision: 'beslissers', management: 'management', operational: 'uitvoerend niveau' },
    channels: { visit: 'bezoek', meeting: 'afspraak', call: 'telefoon', email: 'e-mail' },
    none: 'Geen persoonlijke contactmomenten in dit segment: alleen digitaal contact.',
    task: 'Taak',
    taskDue: (date, owner) => (owner ? `Uiterlijk ${date} · ${owner}` : `Uiterlijk ${date}`),
    openTask: 'Taak openen',
    createTask: 'Nu taak maken',
    creatingTask: 'Taak wordt gemaakt…',
    taskPending: 'Wordt gemaakt…',
    taskCreated: 'Taak aangemaakt in de takenlijst.',
    taskFailedTitle: 'De taak kon niet worden gemaakt',
  },
  service: {
    overServedTitle: 'Te veel bediend',
    overServed: (ratio, budget, segment) => `Cost-to-serve is ${ratio} van de brutomarge; het budget voor segment ${segment} is ${budget}.`,
    overServedNoBudget: (ratio) => `Cost-to-serve is ${ratio} van de brutomarge, meer dan het budget van dit segment.`,
    overBudget: (amount) => `Dat is ${amount} per jaar boven budget.`,
    underServedTitle: 'Te weinig bediend',
    underServed: (name, days, every) => `${name} is ${days} dagen te laat (elke ${every} dagen).`,
  },
  action: {
    heading: 'Aanbevolen actie',
    texts: {
      minimum_order_size: 'Stel een minimale ordergrootte in, of reken orderkosten.',
      revise_discount: 'Herzie de korting: die kost meer dan deze klant oplevert.',
      service_fee_or_self_service: 'Reken servicekosten, of verplaats de ondersteuning naar selfservice.',
      minimum_annual_revenue: 'Spreek een minimale jaaromzet af.',
      move_to_digital_or_part_ways: 'Bedien deze klant alleen nog digitaal, of neem netjes afscheid.',
      reduce_effort: 'Breng de inspanning terug tot wat dit segment oplevert.',
      restore_contact: 'Herstel het contactschema: plan het achterstallige contactmoment nu.',
      develop_cross_sell: 'Ontwikkel kruisverkoop: deze klant besteedt nog veel elders.',
      retain_and_involve_management: 'Behoud deze klant en betrek het management.',
      maintain: 'Houd de huidige aanpak aan.',
    },
  },
  history: {
    heading: 'Verloop',
    axisRun: 'Berekening',
    axisValue: 'Totale waarde (EUR)',
    tooFew: 'Het verloop verschijnt na de tweede berekening.',
  },
  recalc: { button: 'Herberekenen', busy: 'Herberekenen…', failedTitle: 'Herberekenen mislukt' },
  overrideForm: {
    heading: 'Segment aanpassen',
    intro: 'Uw eigen oordeel gaat voor het model. Het berekende segment blijft zichtbaar en rapporten zien de aanpassing.',
    segment: 'Segment',
    segmentPlaceholder: 'Kies een segment',
    reason: 'Reden',
    reasonDescription: 'Verplicht: waarom deze klant in een ander segment hoort.',
    expiry: 'Tot (optioneel)',
    expiryDescription: 'Na deze datum geldt het berekende segment weer.',
    submit: 'Aanpassing opslaan',
    saving: 'Aanpassing opslaan…',
    remove: 'Aanpassing verwijderen',
    removing: 'Aanpassing verwijderen…',
    segmentRequired: 'Kies een segment.',
    reasonRequired: 'Geef een reden voor de aanpassing.',
    reasonTooLong: (max) => `Houd de reden korter dan ${max} tekens.`,
    saved: 'Segmentaanpassing opgeslagen.',
    removed: 'Segmentaanpassing verwijderd.',
    failedTitle: 'De aanpassing is niet opgeslagen',
  },
  notComputed: {
    title: 'Nog niet berekend',
    body: 'Klantwaarde heeft dit bedrijf nog niet berekend. De volgende geplande berekening neemt het mee, of bereken het nu.',
    button: 'Nu berekenen',
  },
  notCustomer: {
    title: 'Geen klant',
    what: {
      inactive: 'Dit bedrijf heeft eerder bij ons gekocht, maar niet in de laatste 12 maanden.',
      prospect: 'Dit bedrijf is een prospect: er loopt een deal, maar het heeft nog nooit gekocht.',
      suspect: 'Dit bedrijf is een suspect: er zijn nog geen deals.',
    },
    becomes: 'Het wordt een klant, met een segment, zodra er in de laatste 12 maanden een deal gewonnen is.',
  },
  errors: {
    title: 'Klantwaarde is niet beschikbaar',
    kinds: {
      not_found: 'Dit bedrijf is onbekend bij Klantwaarde.',
      unauthorized: 'De Klantwaarde-app is niet verbonden met dit HubSpot-account. Vraag uw HubSpot-beheerder de app opnieuw te installeren.',
      forbidden: 'Dit HubSpot-account is niet het account dat met Klantwaarde verbonden is. Vraag uw HubSpot-beheerder de app voor dit account te installeren of opnieuw te verbinden.',
      invalid: 'Het verzoek is geweigerd.',
      server: 'De Klantwaarde-server had een probleem. Probeer het opnieuw; blijft het misgaan, meld het dan bij uw beheerder.',
      network: 'De Klantwaarde-server is niet bereikbaar. Probeer het zo opnieuw.',
      not_configured: 'De kaart weet niet waar de Klantwaarde-server staat. Vraag uw beheerder het project te uploaden met een configuratieprofiel dat BACKEND_URL zet.',
    },
    retry: 'Opnieuw proberen',
    detail: (code, message) => `${message} (${code})`,
  },
  owner: (name) => `Eigenaar: ${name}`,
  satisfaction: (score, responses) => (responses === null ? `Tevredenheid ${score}` : `NPS ${score} (${responses} ${responses === 1 ? 'antwoord' : 'antwoorden'})`),
  sidebar: {
    nextContact: 'Volgend contact',
    noNextContact: 'Geen contact gepland',
    overdueTitle: 'Contact achterstallig',
    overdue: (name, days) => `${name} is ${days} ${days === 1 ? 'dag' : 'dagen'} te laat.`,
    fullCard: 'Open de volledige klantwaardekaart',
  },
  bulk: {
    title: 'Klantwaarde herberekenen',
    intro: (count) => `Herbereken ${count === 1 ? 'het geselecteerde bedrijf' : `de ${count} geselecteerde bedrijven`}: vers uit HubSpot gelezen, opnieuw berekend en teruggeschreven.`,
    tooMany: (count, max) => `Er zijn ${count} bedrijven geselecteerd; de eerste ${max} worden herberekend. Selecteer er minder voor de rest.`,
    none: 'Selecteer eerst een of meer bedrijven.',
    wrongObject: 'Deze actie werkt alleen op bedrijven.',
    run: (count) => `${count} ${count === 1 ? 'bedrijf' : 'bedrijven'} herberekenen`,
    running: 'Herberekenen…',
    summary: (done, total) => `${done} van ${total} herberekend.`,
    company: 'Bedrijf',
    outcome: 'Resultaat',
    segment: 'Segment',
    statuses: {
      recalculated: 'Herberekend',
      not_found: 'Niet gevonden',
      refused: 'Geweigerd door HubSpot',
      postponed: 'Volgende berekening',
    },
    unchanged: 'ongewijzigd',
    failedTitle: 'Herberekenen mislukt',
  },
};

export const MESSAGES: Record<Language, Messages> = { en, nl };
