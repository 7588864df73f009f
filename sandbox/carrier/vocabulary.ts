import { fixtureJson, recordedTracker, type RecordedTracker } from './fixtures.ts';
import { roleStatus, type Role } from './roles.ts';
import type { CarrierDetail, TrackingDetail, TrackingLocation } from './tracker-json.ts';
import { internationalScans, troubleScans, vocabularySpecs, type AuthoredScan, type RecordedText, type VocabularyName } from './vocabulary-specs.ts';

// A scan as the carrier words it, without its time; rendering adds the datetime.
export type ScanTemplate = Omit<TrackingDetail, 'datetime'>;

export interface Vocabulary {
  scans: Partial<Record<Role, ScanTemplate>>;
  carrierDetail: CarrierDetail;
}

const built = new Map<VocabularyName, Vocabulary>();

export function vocabularyFor(carrier: string, international: boolean): Vocabulary {
  const name = vocabularyName(carrier, international);
  let vocabulary = built.get(name);
  if (!vocabulary) {
    vocabulary = buildVocabulary(name);
    built.set(name, vocabulary);
  }
  return vocabulary;
}

function vocabularyName(carrier: string, international: boolean): VocabularyName {
  if (carrier === 'USPS') return international ? 'usps_international' : 'usps';
  if (carrier === 'UPS') return 'ups';
  if (carrier === 'FedEx') return 'fedex';
  return 'generic';
}

function buildVocabulary(name: VocabularyName): Vocabulary {
  const spec = vocabularySpecs[name];
  const recording = recordedTracker(spec.fixture);
  const scans: Partial<Record<Role, ScanTemplate>> = {};
  for (const [role, index] of Object.entries(spec.recorded) as [Role, number][]) {
    scans[role] = fromRecording(role, recording.tracking_details[index]);
  }
  const authored = { ...internationalScans, ...troubleScans, ...spec.authored };
  for (const [role, scan] of Object.entries(authored) as [Role, AuthoredScan][]) {
    scans[role] = fromAuthored(role, scan, recording, scans);
  }
  const recordedDetail = recording.carrier_detail;
  if (!recordedDetail) throw new Error(`${spec.fixture} has no carrier_detail to model`);
  return { scans, carrierDetail: { ...recordedDetail, ...spec.carrierDetail } };
}

function fromRecording(role: Role, detail: TrackingDetail | undefined): ScanTemplate {
  if (!detail) throw new Error(`the recording has no scan for ${role}`);
  const { datetime: _datetime, ...template } = detail;
  return { ...template, status_detail: detail.status_detail ?? roleStatus[role].statusDetail };
}

// Written scans copy the recording's conventions: the same source, and null, "" or the
// message itself where the recording puts description and carrier_code.
function fromAuthored(role: Role, scan: AuthoredScan, recording: RecordedTracker, scans: Partial<Record<Role, ScanTemplate>>): ScanTemplate {
  const model = recording.tracking_details[0];
  const message = typeof scan.message === 'string' ? scan.message : recordedMessage(scan.message);
  const descriptionIsMessage = model.description !== null && model.description === model.message;
  const plainCarrierCode = model.carrier_code === null || model.carrier_code === '' ? model.carrier_code : null;
  return {
    object: 'TrackingDetail',
    message,
    description: descriptionIsMessage ? message : model.description,
    status: roleStatus[role].status,
    status_detail: scan.statusDetail ?? roleStatus[role].statusDetail,
    source: model.source,
    carrier_code: scan.carrierCode ?? plainCarrierCode,
    tracking_location: locationOf(scan.at, scans),
  };
}

function locationOf(at: Role | TrackingLocation, scans: Partial<Record<Role, ScanTemplate>>): TrackingLocation {
  if (typeof at !== 'string') return at;
  const scan = scans[at];
  if (!scan) throw new Error(`no recorded scan for ${at} to borrow a location from`);
  return scan.tracking_location;
}

function recordedMessage({ fixture, scan }: RecordedText): string {
  const detail = (fixtureJson(fixture) as RecordedTracker).tracking_details[scan];
  if (!detail?.message) throw new Error(`${fixture} has no message at scan ${scan}`);
  return detail.message;
}
