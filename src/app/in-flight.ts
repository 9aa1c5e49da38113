// Counts the inbound events the adapters have handed to a pipeline and not yet seen finished, so a
// graceful stop can wait for them (polling hands events to pipeline.process itself; the pipeline's
// close() waits only for the work it started).
import type { InboundPipeline } from '../core/inbound/pipeline.ts';

export interface InFlight {
  readonly count: number;
  /** The pipeline with process() and handle() counted. */
  track(pipeline: InboundPipeline): InboundPipeline;
  /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  let count = 0;
  const waiters = new Set<() => void>();
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    count++;
    try {
      return await work();
    } finally {
      count--;
      if (count === 0) for (const wake of [...waiters]) wake();
    }
  };
  return {
    get count() {
      return count;
    },
    track(pipeline) {
      return {
        ...pipeline,
        platform: pipeline.platform,
        process: (incoming) => run(() => pipeline.process(incoming)),
        handle: (incoming) => run(() => pipeline.handle(incoming)),
      };
    },
    idle(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          resolve(false);
        }, timeoutMs);
        timer.unref();
        waiters.add(wake);
      });
    },
  };
}
