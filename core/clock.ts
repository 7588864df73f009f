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

// A clock running `speed` times faster than the wall clock from `start` (epoch ms), counted from the
// wall-clock moment `origin`: plain numbers, so every thread of the process can keep the same time.
export interface FastTime {
  start: number;
  origin: number;
  speed: number;
}

export function useFastTrackingClock({ start, origin, speed }: FastTime): void {
  source = () => new Date(Math.floor(start + (Date.now() - origin) * speed));
}
