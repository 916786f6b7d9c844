/**
 * What people type that the ONS coding index does not say, as data. Every rewrite lands on a phrase
 * the index itself holds, so the unit group still comes from the ONS; nothing here names a code.
 */

/** Spellings the index writes another way, applied to both the index and what people type. */
export const VARIANTS: Record<string, string> = lookupTable({
  advisor: 'adviser',
  advisors: 'advisers',
  forklift: 'fork lift',
  healthcare: 'health care',
  bookkeeper: 'book keeper',
  laborer: 'labourer',
  organizer: 'organiser',
  specialised: 'specialist',
  theatre: 'theatre',
  programer: 'programmer',
  colour: 'colour',
  webdeveloper: 'web developer',
  postwoman: 'postman',
  postie: 'postman',
  barman: 'barman',
});

/** Abbreviations and initialisms, expanded as whole words (only when the text as typed is no index title). */
export const ABBREVIATIONS: Record<string, string> = lookupTable({
  hca: 'health care assistant',
  ta: 'teaching assistant',
  lsa: 'learning support assistant',
  hlta: 'higher level teaching assistant',
  gp: 'general practitioner',
  rgn: 'registered general nurse',
  rmn: 'registered mental nurse',
  rn: 'registered nurse',
  pa: 'personal assistant',
  hr: 'human resources',
  ot: 'occupational therapist',
  slt: 'speech and language therapist',
  salt: 'speech and language therapist',
  pcso: 'police community support officer',
  sia: 'security officer',
  pt: 'personal trainer',
  mua: 'make up artist',
  dba: 'database administrator',
  qa: 'quality assurance',
  cscs: 'construction worker',
  hgv: 'hgv driver',
  lgv: 'lgv driver',
  pcv: 'pcv driver',
  nqt: 'teacher',
  ect: 'teacher',
  sen: 'special needs',
  send: 'special needs',
  cs: 'customer service',
  admin: 'administration',
  dev: 'developer',
  devs: 'developer',
  ops: 'operations',
  mgr: 'manager',
  asst: 'assistant',
  eng: 'engineer',
  tech: 'technician',
  it: 'it',
  ict: 'it',
  sw: 'social worker',
  csa: 'customer service adviser',
  dsl: 'designated safeguarding lead',
  cnc: 'cnc',
  ae: 'accident and emergency',
});

/**
 * Whole phrases people use for work the index words differently or defaults elsewhere ("coder" is a
 * records clerk in the index; a job seeker means a programmer). Keys and values are normalised text.
 */
export const EVERYDAY: Record<string, string> = lookupTable({
  coder: 'programmer',
  coding: 'programmer',
  developer: 'software developer',
  'software dev': 'software developer',
  software: 'software developer',
  'store manager': 'retail manager',
  'shop assistant': 'sales assistant',
  'shop worker': 'sales assistant',
  'retail worker': 'sales assistant',
  'retail assistant': 'sales assistant',
  'supermarket worker': 'sales assistant',
  'checkout': 'checkout operator',
  'till operator': 'checkout operator',
  'administration': 'administrator',
  'office work': 'administrator',
  'office job': 'administrator',
  'care work': 'care worker',
  'care': 'care worker',
  'caring': 'care worker',
  'social care': 'care worker',
  'bin man': 'refuse collector',
  binman: 'refuse collector',
  'bin men': 'refuse collector',
  'lollipop lady': 'school crossing patrol',
  'lollipop man': 'school crossing patrol',
  sparky: 'electrician',
  chippy: 'carpenter',
  brickie: 'bricklayer',
  'hgv driver class 1': 'hgv driver',
  'class 1 driver': 'hgv driver',
  'class 2 driver': 'hgv driver',
  'hgv class 1 driver': 'hgv driver',
  'hgv class 2 driver': 'hgv driver',
  it: 'it support technician',
  'it support': 'it support technician',
  'it helpdesk': 'it helpdesk assistant',
  'human resources': 'human resources officer',
  'customer service': 'customer service adviser',
  'customer services': 'customer service adviser',
  'quality assurance': 'quality assurance manager',
  'special needs': 'special needs teaching assistant',
  'warehouse worker': 'warehouse operative',
  'warehouse': 'warehouse operative',
  'factory worker': 'factory worker',
  'cleaning': 'cleaner',
  nursing: 'nurse',
  teaching: 'teacher',
  accountancy: 'accountant',
  accounting: 'accountant',
  accounts: 'accounts clerk',
  engineering: 'engineer',
  plumbing: 'plumber',
  hairdressing: 'hairdresser',
  catering: 'catering assistant',
  retail: 'sales assistant',
  construction: 'construction worker',
  'building site': 'construction worker',
  childcare: 'child care worker',
  'child care': 'child care worker',
  'early years': 'early years practitioner',
  law: 'lawyer',
  legal: 'lawyer',
  policing: 'police officer',
  police: 'police officer',
  midwifery: 'midwife',
  pharmacy: 'pharmacist',
  dentistry: 'dentist',
  physiotherapy: 'physiotherapist',
  physio: 'physiotherapist',
  'social work': 'social worker',
  'youth work': 'youth worker',
  marketing: 'marketing executive',
  security: 'security officer',
  journalism: 'journalist',
  photography: 'photographer',
  'web design': 'web designer',
  'graphic design': 'graphic designer',
  'software development': 'software developer',
  programming: 'programmer',
  carpentry: 'carpenter',
  joinery: 'joiner',
  bricklaying: 'bricklayer',
  plastering: 'plasterer',
  'painting and decorating': 'painter and decorator',
  decorating: 'painter and decorator',
  gardening: 'gardener',
  landscaping: 'landscape gardener',
  childminding: 'childminder',
  baking: 'baker',
  butchery: 'butcher',
  beauty: 'beautician',
  barbering: 'barber',
  welding: 'welder',
  roofing: 'roofer',
  tiling: 'tiler',
  scaffolding: 'scaffolder',
  counselling: 'counsellor',
  psychology: 'psychologist',
  translation: 'translator',
  interpreting: 'interpreter',
  acting: 'actor',
  fitness: 'fitness instructor',
  recruitment: 'recruitment consultant',
  architecture: 'architect',
  surveying: 'surveyor',
  radiography: 'radiographer',
  'paramedic science': 'paramedic',
  veterinary: 'veterinary surgeon',
  'animal care': 'animal care assistant',
  hospitality: 'hotel receptionist',
  'car mechanic': 'motor mechanic',
  'bus driving': 'bus driver',
  driving: 'driver',
  'delivery': 'delivery driver',
  'deliveries': 'delivery driver',
  'doctors receptionist': 'medical receptionist',
  'doctor s receptionist': 'medical receptionist',
});

/**
 * Places of work: "I want to work in a care home" asks for the work typically done there. Keys are
 * normalised; values are index phrases.
 */
export const SETTINGS: Record<string, string> = lookupTable({
  'care home': 'care worker',
  'nursing home': 'care worker',
  'residential home': 'care worker',
  'old people s home': 'care worker',
  'old peoples home': 'care worker',
  warehouse: 'warehouse operative',
  shop: 'sales assistant',
  supermarket: 'sales assistant',
  kitchen: 'kitchen assistant',
  restaurant: 'waiter',
  pub: 'bar staff',
  bar: 'bar staff',
  cafe: 'cafe assistant',
  'coffee shop': 'cafe assistant',
  'call centre': 'call centre agent',
  'contact centre': 'call centre agent',
  'building site': 'construction worker',
  'construction site': 'construction worker',
  factory: 'factory worker',
  office: 'administrator',
  nursery: 'nursery assistant',
  farm: 'farm worker',
  garage: 'motor mechanic',
  salon: 'hairdresser',
  'hair salon': 'hairdresser',
  'beauty salon': 'beautician',
  gym: 'fitness instructor',
  bank: 'bank clerk',
  school: 'teaching assistant',
  'primary school': 'primary school teacher',
  'secondary school': 'secondary school teacher',
  hospital: 'health care assistant',
  library: 'library assistant',
  hotel: 'hotel receptionist',
});

/** Leading words that describe the seeker's sentence, not the work ("I want to be a ..."). */
export const FILLER = new Set(
  `i im m d id ive am want wanted wanna would like love hope hoping to be become becoming a an the my work working worked
   job jobs as looking look for get getting into in career careers train training retrain retraining trained currently
   was used been have ve something anything some kind sort of interested really please hi hello role roles position
   positions vacancy vacancies me find finding seeking seek start starting do doing is are s ideally maybe think
   could can will go going back return returning employment opportunity opportunities apply applying entry level part full
   time`.split(/\s+/).filter(Boolean),
);

/** Filler that may also end a phrase: "nurse jobs", "care work please". */
export const TRAILING_FILLER = new Set(['job', 'jobs', 'role', 'roles', 'position', 'positions', 'vacancy', 'vacancies', 'please', 'work', 'near', 'me', 'wanted']);

/** Words before a title that do not change the unit group ("trainee plumber" is a plumber). */
export const MODIFIERS = new Set(
  `senior junior trainee apprentice graduate lead principal qualified unqualified experienced newly locum agency bank relief
   temporary temp part full time freelance self employed casual volunteer voluntary night day mobile retired former ex hcpc
   nmc certified level nvq qualified registered skilled semi multi experienced student assistant? deputy`
    .split(/\s+/)
    .filter((w) => w && !w.endsWith('?')),
);

/** Words after a title naming a position over the same work: "paramedic team leader" is a paramedic. */
export const GENERIC_TAILS: string[][] = [['team', 'leader'], ['team', 'lead'], ['shift', 'leader'], ['shift', 'lead'], ['supervisor'], ['lead'], ['leader'], ['trainee'], ['apprentice']];

/** Organisation values that are no employer: shown as a manner of working, or not at all. */
export const NOT_EMPLOYER: Record<string, string | null> = lookupTable({
  'self employed': 'self-employed',
  selfemployed: 'self-employed',
  freelance: 'freelance',
  freelancer: 'freelance',
  'sole trader': 'self-employed',
  'own business': 'self-employed',
  'my own business': 'self-employed',
  'own company': 'self-employed',
  contractor: null,
  various: null,
  'various companies': null,
  'n a': null,
  na: null,
  none: null,
  unemployed: null,
  retired: null,
  student: null,
  agency: null,
  temp: null,
  private: null,
  'private client': null,
  'private clients': null,
  confidential: null,
  'stealth startup': null,
  'stealth mode': null,
});

/** A table without inherited keys: "constructor" typed by a person is no entry. */
export function lookupTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
