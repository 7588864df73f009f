// The time the tracking logic reasons in (due checks, stalls, lateness, "last scan 5 hours ago"). It
// is the real time, except in the demo, where parcels live on the sandbox carrier's fast clock so that
// a newcomer sees days of deliveries in minutes.
let source: () => Date = () => new Date();

export function trackingNow(): Date {
  return source();
}

export function useTrackingClock(next: () => Date): void {
  source = next;
}
