package dev.bowtie.realtime.ring;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How the voice thread waits for the next captured hop: the trade between CPU use and the delay
 * from a hop being published to the voice thread starting on it. See the README's wait-strategy
 * table for what each costs on a 2-core laptop.
 */
public enum WaitStrategyKind {
  /** Sleeps on a lock and condition: nearly no CPU while idle, tens of microseconds to wake. */
  BLOCKING,
  /** Spins briefly, then yields, then parks for short times: low CPU, short wake-up. */
  SLEEPING,
  /** Spins, then {@link Thread#yield()}s: one core busy, wakes within microseconds. */
  YIELDING,
  /** Spins without pause: one core at 100%, the lowest hand-off delay. */
  BUSY_SPIN;

  /**
   * @return a new Disruptor wait strategy of this kind (one per ring)
   */
  public WaitStrategy create() {
    return switch (this) {
      case BLOCKING -> new BlockingWaitStrategy();
      case SLEEPING -> new SleepingWaitStrategy();
      case YIELDING -> new YieldingWaitStrategy();
      case BUSY_SPIN -> new BusySpinWaitStrategy();
    };
  }
}
