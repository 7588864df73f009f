// Virtual time for the sandbox: scenarios advance by this clock, never by the wall clock,
// so a test can jump days ahead and a demo can run a week of deliveries in minutes.

export interface SandboxClock {
  now(): Date;
  advance(ms: number): void;
  set(date: Date): void;
}

type Listener = () => void;

// Clocks made here also tell listeners when they are moved by hand, so the sandbox can
// push webhooks right after advance() instead of waiting for its next poll.
interface ObservableClock extends SandboxClock {
  onChange(listener: Listener): () => void;
}

function listeners() {
  const set = new Set<Listener>();
  return {
    add(listener: Listener) {
      set.add(listener);
      return () => void set.delete(listener);
    },
    notify() {
      for (const listener of set) listener();
    },
  };
}

// Moves only when advanced or set: for tests and benchmarks.
export function manualClock(start: Date): SandboxClock {
  let current = start.getTime();
  const changes = listeners();
  const clock: ObservableClock = {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
      changes.notify();
    },
    set(date) {
      current = date.getTime();
      changes.notify();
    },
    onChange: changes.add,
  };
  return clock;
}

// Virtual time = start + real elapsed × speed, plus whatever advance()/set() added: for demos.
export function scaledClock(start: Date, speed: number): SandboxClock {
  const origin = performance.now();
  let offset = 0;
  const changes = listeners();
  const virtualNow = () => start.getTime() + (performance.now() - origin) * speed + offset;
  const clock: ObservableClock = {
    now: () => new Date(Math.floor(virtualNow())),
    advance(ms) {
      offset += ms;
      changes.notify();
    },
    set(date) {
      offset += date.getTime() - virtualNow();
      changes.notify();
    },
    onChange: changes.add,
  };
  return clock;
}

// Subscribes when the clock supports it; a caller-supplied clock without onChange is polled.
export function watchClock(clock: SandboxClock, listener: Listener): () => void {
  const observable = clock as Partial<ObservableClock>;
  return typeof observable.onChange === 'function' ? observable.onChange(listener) : () => {};
}
