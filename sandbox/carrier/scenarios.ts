import { hashString } from './random.ts';
import { isTestCode, trackingCodeProblem } from './codes.ts';

// The lifecycles a sandbox tracker can follow. Each one is scripted in timeline.ts.
export const scenarioNames = [
  'delivered',
  'international',
  'late',
  'stalled',
  'never_scanned',
  'pickup',
  'exception',
  'return_to_sender',
  'failure',
  'mismatch',
  // One for each trouble word of EasyPost's official status_detail list, so each can be shown.
  'refused',
  'address_correction',
  'held',
  'awaiting_information',
  'lost',
  'damaged',
  'delayed',
  'weather_delay',
  'missorted',
  'transit_exception',
  'cancelled',
  'expired',
  // A code EasyPost answers with status "error".
  'error',
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

// Sandbox codes are SB + a three-letter scenario tag + ten digits, e.g. SBDLV0000000042.
const CODE_PREFIX = 'SB';
const DIGITS = 10;
const tags: Record<ScenarioName, string> = {
  delivered: 'DLV',
  international: 'INT',
  late: 'LAT',
  stalled: 'STL',
  never_scanned: 'NVS',
  pickup: 'PKP',
  exception: 'EXC',
  return_to_sender: 'RTS',
  failure: 'FAL',
  mismatch: 'MIS',
  refused: 'RFS',
  address_correction: 'ADR',
  held: 'HLD',
  awaiting_information: 'AWI',
  lost: 'LST',
  damaged: 'DMG',
  delayed: 'DLY',
  weather_delay: 'WTH',
  missorted: 'MSR',
  transit_exception: 'TEX',
  cancelled: 'CNL',
  expired: 'EXP',
  error: 'ERR',
};
const scenarioByTag = new Map(scenarioNames.map((name) => [tags[name], name]));
const SANDBOX_CODE = new RegExp(`^${CODE_PREFIX}([A-Z]{3})\\d{${DIGITS}}$`);

export function sandboxTrackingCode(scenario: ScenarioName, n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 10 ** DIGITS) throw new RangeError(`n must be an integer from 0 to ${10 ** DIGITS - 1}`);
  return `${CODE_PREFIX}${tags[scenario]}${String(n).padStart(DIGITS, '0')}`;
}

// Codes that are not sandbox codes still need a lifecycle: mostly deliveries, some trouble.
const shareOfOtherCodes: [ScenarioName, number][] = [
  ['delivered', 80],
  ['late', 5],
  ['stalled', 3],
  ['exception', 3],
  ['pickup', 3],
  ['international', 2],
  ['return_to_sender', 2],
  ['failure', 1],
  ['never_scanned', 1],
];

function scenarioByHash(code: string): ScenarioName {
  let roll = hashString(code, 0x5ca1ab1e) % 100;
  for (const [scenario, share] of shareOfOtherCodes) {
    if (roll < share) return scenario;
    roll -= share;
  }
  return 'delivered';
}

// The scenario a code follows, or undefined for codes the API refuses and EasyPost test codes.
export function scenarioForCode(code: string): ScenarioName | undefined {
  if (trackingCodeProblem(code) !== undefined || isTestCode(code)) return undefined;
  const tagged = SANDBOX_CODE.exec(code);
  return (tagged && scenarioByTag.get(tagged[1])) || scenarioByHash(code);
}
