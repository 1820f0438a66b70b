/**
 * The country an organization's phone numbers are read in when written without a country code
 * (`phone_region`, an ISO 3166 code). Names come from Intl.DisplayNames in the reader's language,
 * so no list of country names is kept here.
 */

/** Where most of our organizations are: offered first, in this order. */
export const LIKELY_REGIONS = ['SA', 'AE', 'KW', 'QA', 'BH', 'OM', 'EG', 'JO'] as const;

/**
 * The regions the server's libphonenumber knows (GetSupportedRegions); any other code is refused
 * with 400. Includes non-countries with their own numbering (AC, TA, XK).
 */
export const PHONE_REGIONS: readonly string[] = (
  'AC AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
  'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
  'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT PW PY QA RE ' +
  'RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TG TH TJ TK TL TM TN TO TR ' +
  'TT TV TW TZ UA UG US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

export interface CountryOption {
  code: string;
  name: string;
}

/** A region's name in `lang`; the code itself when the browser cannot name it. */
export function regionNamer(lang: string): (code: string) => string {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([lang], { type: 'region' });
  } catch {
    names = null; // very old browsers: codes are still a usable list
  }
  return (code) => {
    try {
      return names?.of(code) ?? code;
    } catch {
      return code;
    }
  };
}

/**
 * The likely countries first (fixed order), then every other region sorted by its name as the
 * reader's language sorts. `current` is kept even when unknown here, so saving never drops it.
 */
export function countryOptions(
  lang: string,
  nameOf: (code: string) => string = regionNamer(lang),
  current = '',
): { likely: CountryOption[]; others: CountryOption[] } {
  const first = new Set<string>(LIKELY_REGIONS);
  const likely = LIKELY_REGIONS.map((code) => ({ code, name: nameOf(code) }));
  const rest = new Set(PHONE_REGIONS.filter((c) => !first.has(c)));
  if (current && !first.has(current)) rest.add(current);
  const collator = new Intl.Collator(lang);
  const others = [...rest].map((code) => ({ code, name: nameOf(code) })).sort((a, b) => collator.compare(a.name, b.name));
  return { likely, others };
}
