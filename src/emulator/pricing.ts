/**
 * Per-message pricing as the status webhooks report it (whatsapp-cloud-api.md §3.5, §6):
 * `pricing_model: "PMP"`; free-form messages are `service` / `free_customer_service`; a utility
 * template inside an open window is free; everything else template is `regular` in its billed
 * category. The market (rate-card row) comes from the recipient's country calling code.
 */

export interface PricingInfo {
  billable: boolean;
  pricing_model: 'PMP';
  type: 'regular' | 'free_customer_service';
  category: string;
}

export function pricingFor(isTemplate: boolean, billedCategory: string, windowOpen: boolean): PricingInfo {
  if (!isTemplate) return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
  if (billedCategory === 'utility' && windowOpen) {
    return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'utility' };
  }
  return { billable: true, pricing_model: 'PMP', type: 'regular', category: billedCategory };
}

/** Meta's standalone markets by calling code (longest prefix wins), then regional rows. */
const MARKETS: ReadonlyArray<readonly [string, string]> = [
  ['1', 'North America'],
  ['7', 'Russia'],
  ['20', 'Egypt'],
  ['27', 'South Africa'],
  ['31', 'Netherlands'],
  ['33', 'France'],
  ['34', 'Spain'],
  ['39', 'Italy'],
  ['44', 'United Kingdom'],
  ['49', 'Germany'],
  ['51', 'Peru'],
  ['52', 'Mexico'],
  ['54', 'Argentina'],
  ['55', 'Brazil'],
  ['56', 'Chile'],
  ['57', 'Colombia'],
  ['60', 'Malaysia'],
  ['62', 'Indonesia'],
  ['90', 'Turkey'],
  ['91', 'India'],
  ['92', 'Pakistan'],
  ['234', 'Nigeria'],
  ['966', 'Saudi Arabia'],
  ['971', 'United Arab Emirates'],
  ['972', 'Israel'],
];

const WESTERN_EUROPE = ['30', '32', '41', '43', '45', '46', '47', '350', '351', '352', '353', '354', '356', '357', '358', '376', '377', '378', '423'];
const EASTERN_EUROPE = ['36', '40', '48', '355', '359', '370', '371', '372', '373', '374', '375', '380', '381', '382', '383', '385', '386', '387', '389', '420', '421', '994', '995'];
const MIDDLE_EAST = ['961', '962', '963', '964', '965', '967', '968', '970', '973', '974'];
const LATIN_AMERICA = ['53', '58', '501', '502', '503', '504', '505', '506', '507', '509', '591', '592', '593', '595', '597', '598'];

function regional(code: string): string | null {
  const match = (list: string[]): boolean => list.some((prefix) => code.startsWith(prefix));
  if (match(WESTERN_EUROPE)) return 'Rest of Western Europe';
  if (match(EASTERN_EUROPE)) return 'Rest of Central & Eastern Europe';
  if (match(MIDDLE_EAST)) return 'Rest of Middle East';
  if (match(LATIN_AMERICA)) return 'Rest of Latin America';
  if (code.startsWith('2')) return 'Rest of Africa';
  if (/^(6|8)/.test(code)) return 'Rest of Asia Pacific';
  return null;
}

/** ISO country → calling code, for users without a phone number (BSUID only). */
const ISO_CALLING: Readonly<Record<string, string>> = {
  DE: '49', NL: '31', BE: '32', FR: '33', ES: '34', IT: '39', GB: '44', AT: '43', CH: '41', PL: '48',
  US: '1', CA: '1', TR: '90', IN: '91', BR: '55', MX: '52', DK: '45', SE: '46', NO: '47', LU: '352',
};

export function marketFor(phone: string | null, countryIso: string): string {
  const code = phone ?? ISO_CALLING[countryIso.toUpperCase()] ?? '';
  if (!code) return 'Other';
  let best: string | null = null;
  let bestLength = 0;
  for (const [prefix, market] of MARKETS) {
    if (prefix.length > bestLength && code.startsWith(prefix)) {
      best = market;
      bestLength = prefix.length;
    }
  }
  return best ?? regional(code) ?? 'Other';
}
