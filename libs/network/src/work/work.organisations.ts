import { normaliseText } from '#libs/common';
import { lookupTable } from './work.vocabulary.js';

export interface OrganisationReading {
  /** How the member may read it: "the NHS", "schools", "Yorkshire Ambulance Service". */
  label: string;
  kind: 'EMPLOYER' | 'SECTOR';
  /** Regular expression over a role's organisation and sector (case-insensitive, no flags inside). */
  pattern: string;
  /** Words that meet the coding index's industry qualifiers ("hospital service", "retail trade"). */
  context: string[];
}

interface Sector {
  label: string;
  names: string[];
  patterns: string[];
  context: string[];
}

const SECTORS: Sector[] = [
  {
    label: 'the NHS',
    names: ['nhs', 'the nhs', 'national health service', 'nhs trust', 'health service', 'healthcare', 'health care', 'health sector'],
    patterns: [
      '\\bnhs\\b',
      'hospital',
      'ambulance service',
      'health board',
      'gp surgery',
      'medical practice',
      'medical centre',
      'health centre',
      'infirmary',
      'clinical commissioning',
      'foundation trust',
    ],
    context: ['hospital', 'health'],
  },
  {
    label: 'schools',
    names: ['school', 'schools', 'a school', 'education', 'primary schools', 'secondary schools', 'academies'],
    patterns: ['school', 'academy', 'sixth form', 'education'],
    context: ['schools', 'school', 'education'],
  },
  {
    label: 'care homes and social care',
    names: ['care homes', 'care sector', 'social care', 'adult social care', 'domiciliary care', 'home care'],
    patterns: ['care home', 'nursing home', 'residential', 'home care', 'social care', '\\bcare\\b'],
    context: ['care', 'residential', 'nursing', 'home'],
  },
  {
    label: 'local councils',
    names: ['council', 'the council', 'councils', 'local council', 'local authority', 'local government', 'city council', 'county council'],
    patterns: ['council', 'local authority', 'borough', 'local government'],
    context: ['local', 'government'],
  },
  {
    label: 'the civil service',
    names: ['civil service', 'the civil service', 'government', 'central government', 'hmrc', 'dwp', 'jobcentre', 'jobcentre plus', 'home office'],
    patterns: ['civil service', '\\bhmrc\\b', '\\bdwp\\b', 'jobcentre', 'government', 'ministry', 'department for', 'home office'],
    context: ['government'],
  },
  {
    label: 'the police',
    names: ['the police', 'police force', 'police service', 'constabulary'],
    patterns: ['police', 'constabulary'],
    context: ['police'],
  },
  {
    label: 'the armed forces',
    names: [
      'army',
      'the army',
      'british army',
      'royal navy',
      'navy',
      'the navy',
      'raf',
      'royal air force',
      'armed forces',
      'the forces',
      'military',
      'the military',
    ],
    patterns: ['army', 'navy', 'royal air force', '\\braf\\b', 'armed forces', 'royal marines', 'ministry of defence', '\\bmod\\b'],
    context: ['armed', 'forces'],
  },
  {
    label: 'fire and rescue services',
    names: ['fire service', 'fire brigade', 'fire and rescue', 'fire and rescue service'],
    patterns: ['fire'],
    context: ['fire'],
  },
  {
    label: 'retail',
    names: ['retail', 'retail sector', 'shops', 'supermarkets', 'high street'],
    patterns: [
      'retail',
      'tesco',
      'sainsbury',
      'asda',
      'morrisons',
      'aldi',
      'lidl',
      '\\bco\\W?op\\b',
      'waitrose',
      'marks',
      'primark',
      'boots',
      'argos',
      '\\bshop',
      'store',
      'supermarket',
    ],
    context: ['retail', 'trade'],
  },
  {
    label: 'hospitality',
    names: ['hospitality', 'hotels', 'restaurants', 'pubs', 'catering industry'],
    patterns: ['hotel', 'restaurant', '\\bpub\\b', '\\bbar\\b', 'cafe', 'hospitality', 'catering'],
    context: ['hotel', 'restaurant', 'catering'],
  },
  {
    label: 'construction',
    names: ['construction industry', 'construction sector', 'the building trade', 'building trade'],
    patterns: ['construction', 'builders', 'building', 'civil engineering', 'contractors'],
    context: ['building', 'construction'],
  },
  {
    label: 'technology',
    names: ['tech', 'the tech sector', 'tech sector', 'it sector', 'technology', 'tech industry', 'tech companies'],
    patterns: ['software', '\\btech', 'digital', '\\bit\\b', 'computing', 'systems', 'data'],
    context: ['computer', 'software'],
  },
  {
    label: 'banking and finance',
    names: ['banking', 'finance', 'banks', 'a bank', 'financial services', 'the city', 'insurance'],
    patterns: ['bank', 'barclays', 'hsbc', 'lloyds', 'natwest', 'santander', 'nationwide', 'building society', 'finance', 'financial', 'insurance'],
    context: ['banking', 'financial'],
  },
  {
    label: 'charities',
    names: ['charity', 'charities', 'a charity', 'third sector', 'voluntary sector', 'not for profit', 'non profit'],
    patterns: ['charity', 'foundation', '\\bcic\\b', 'trust'],
    context: ['charitable'],
  },
  {
    label: 'universities and colleges',
    names: ['university', 'universities', 'higher education', 'further education', 'college', 'colleges'],
    patterns: ['university', 'college'],
    context: ['higher', 'education', 'university'],
  },
  {
    label: 'transport and logistics',
    names: ['logistics', 'transport', 'haulage', 'distribution'],
    patterns: ['logistics', 'transport', 'haulage', 'freight', 'royal mail', '\\bdhl\\b', '\\bdpd\\b', '\\bups\\b', 'evri', 'amazon', 'distribution'],
    context: ['haulage', 'transport', 'distribution'],
  },
];

/** Large employers named without a telling suffix, with the industry their name implies. */
const KNOWN_EMPLOYERS: Record<string, string[]> = lookupTable({
  tesco: ['retail', 'trade'],
  sainsburys: ['retail', 'trade'],
  'sainsbury s': ['retail', 'trade'],
  asda: ['retail', 'trade'],
  morrisons: ['retail', 'trade'],
  aldi: ['retail', 'trade'],
  lidl: ['retail', 'trade'],
  waitrose: ['retail', 'trade'],
  'co op': ['retail', 'trade'],
  'marks and spencer': ['retail', 'trade'],
  'm and s': ['retail', 'trade'],
  primark: ['retail', 'trade'],
  boots: ['retail', 'pharmacy'],
  argos: ['retail', 'trade'],
  'john lewis': ['retail', 'trade'],
  'b and q': ['retail', 'trade'],
  greggs: ['bakery', 'retail'],
  mcdonalds: ['fast', 'food'],
  'mcdonald s': ['fast', 'food'],
  starbucks: ['coffee', 'shop'],
  costa: ['coffee', 'shop'],
  'costa coffee': ['coffee', 'shop'],
  kfc: ['fast', 'food'],
  nandos: ['restaurant'],
  'pizza hut': ['restaurant'],
  amazon: ['warehousing'],
  'royal mail': ['postal', 'parcel', 'delivery'],
  dhl: ['delivery', 'service'],
  dpd: ['delivery', 'service'],
  evri: ['delivery', 'service'],
  hermes: ['delivery', 'service'],
  ups: ['delivery', 'service'],
  ocado: ['retail', 'trade'],
  deliveroo: ['delivery'],
  'uber eats': ['delivery'],
  uber: ['taxi'],
  barclays: ['banking'],
  hsbc: ['banking'],
  lloyds: ['banking'],
  natwest: ['banking'],
  santander: ['banking'],
  nationwide: ['building', 'society'],
  bt: ['telecommunications'],
  sky: ['broadcasting'],
  bbc: ['broadcasting'],
  itv: ['broadcasting'],
  'network rail': ['railways'],
  tfl: ['transport'],
  'transport for london': ['transport'],
  capita: [],
  serco: [],
  g4s: ['security'],
  mitie: [],
  sodexo: ['catering'],
  compass: ['catering'],
  bupa: ['health'],
  accenture: [],
  deloitte: ['accountancy'],
  pwc: ['accountancy'],
  kpmg: ['accountancy'],
  ey: ['accountancy'],
  ibm: ['computer'],
  google: ['computer'],
  microsoft: ['computer'],
  'jaguar land rover': ['vehicle', 'mfr'],
  nissan: ['vehicle', 'mfr'],
  'rolls royce': ['engineering'],
  'bae systems': ['engineering'],
  siemens: ['engineering'],
  unilever: ['manufacturing'],
  ryanair: ['air', 'travel'],
  easyjet: ['air', 'travel'],
  'british airways': ['air', 'travel'],
  tui: ['travel'],
  'premier inn': ['hotel'],
  travelodge: ['hotel'],
  wetherspoons: ['public', 'house'],
  'jd sports': ['retail', 'trade'],
  next: ['retail', 'trade'],
  screwfix: ['retail', 'trade'],
});

/** Last words that make a name an organisation: "Yorkshire Ambulance Service", "Leeds City Council". */
const ORG_SUFFIX = new Set([
  'service',
  'services',
  'trust',
  'council',
  'ltd',
  'limited',
  'plc',
  'llp',
  'group',
  'university',
  'hospital',
  'hospitals',
  'academy',
  'college',
  'bank',
  'society',
  'authority',
  'partnership',
  'foundation',
  'charity',
  'church',
  'nhs',
  'constabulary',
  'infirmary',
  'inc',
  'co',
  'company',
  'police',
  'army',
  'navy',
  'uk',
  'association',
  'institute',
  'centre',
  'school',
  'surgery',
  'practice',
  'agency',
  'corporation',
]);

/** Words inside a name that only organisations have. */
const ORG_WORDS = new Set(['nhs', 'ltd', 'limited', 'plc', 'llp', 'inc', 'council', 'trust', 'constabulary', 'infirmary']);

export function sectorByName(norm: string): OrganisationReading | null {
  const bare = norm.replace(/^(?:the|a|an)\s+/, '');
  const sector = SECTORS.find((s) => s.names.includes(norm) || s.names.includes(bare));
  return sector ? { label: sector.label, kind: 'SECTOR', pattern: sector.patterns.join('|'), context: sector.context } : null;
}

/**
 * Whether a phrase names an organisation or a sector, from its wording alone: a known sector or
 * employer, a name ending in an organisation word, or one holding a word only names have.
 */
export function asOrganisation(label: string): OrganisationReading | null {
  const norm = normaliseText(label);
  if (!norm) return null;
  const sector = sectorByName(norm);
  if (sector) return sector;
  const tokens = norm.split(' ');
  const known = KNOWN_EMPLOYERS[norm.replace(/^the /, '')];
  const named =
    known !== undefined ||
    (tokens.length >= 2 && ORG_SUFFIX.has(tokens[tokens.length - 1])) ||
    (tokens.length >= 3 && ORG_SUFFIX.has(tokens[0]) && tokens[1] === 'of') ||
    tokens.some((t) => ORG_WORDS.has(t));
  if (!named) return null;
  return employer(label.trim(), known ?? tokens);
}

/** A selector typed by a member ("Yorkshire Ambulance Service", "the NHS", "schools"): always some reading. */
export function organisationSelector(text: string): OrganisationReading | null {
  const norm = normaliseText(text);
  if (!norm) return null;
  return sectorByName(norm) ?? employer(text.trim(), KNOWN_EMPLOYERS[norm] ?? norm.split(' '));
}

function employer(label: string, context: string[]): OrganisationReading {
  const tokens = normaliseText(label).replace(/^the /, '').split(' ');
  const pattern = '\\b' + tokens.map((t) => (t === 'and' ? '(?:and|&)' : escape(t))).join('\\W*') + '\\b';
  return { label, kind: 'EMPLOYER', pattern, context };
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether an organisation or sector value recorded on a role matches a reading. */
export function organisationMatches(reading: OrganisationReading, organisation: string | null, sector: string | null): boolean {
  return new RegExp(reading.pattern, 'i').test(`${organisation ?? ''} | ${sector ?? ''}`);
}
