// Python's multiprocessing.managers.SharedMemoryManager: SharedMemory blocks and ShareableLists made in the calling
// process and listed with the manager's server, which unlinks them all when it shuts down.
import { ShareableList, SharedMemory, type ShareableItem } from '../sharedctypes/index.js';
import { checkInteger } from '../validate.js';
import { AutoProxy, type Proxied } from './base-proxy.js';
import { BaseManager } from './base-manager.js';
import { segmentTracker, type SegmentTracker } from './managed/segments.js';

type TrackerProxy = AutoProxy & Proxied<SegmentTracker>;

/** A manager whose server owns the lifetime of the shared memory its clients create. */
export class SharedMemoryManager extends BaseManager {
  private trackerProxy: Promise<TrackerProxy> | null = null;

  /** A new SharedMemory of `size` bytes, unlinked when the manager shuts down. */
  async SharedMemory(size: number): Promise<SharedMemory> {
    checkInteger(size, 'SharedMemory size', 1);
    const tracker = await this.tracker();
    const shm = new SharedMemory({ create: true, size });
    await this.track(tracker, shm);
    return shm;
  }

  /** A new ShareableList of `sequence` (empty without one), unlinked when the manager shuts down. */
  async ShareableList(sequence?: Iterable<ShareableItem> | null): Promise<ShareableList> {
    const tracker = await this.tracker();
    const list = new ShareableList(sequence ?? []);
    await this.track(tracker, list.shm);
    return list;
  }

  /** Unlinks every segment made through this manager's server, then stops the server. */
  override async shutdown(): Promise<void> {
    if (this.trackerProxy !== null) {
      try {
        await (await this.trackerProxy).unlinkAll();
      } catch {
        // the server is gone: its own exit unlinked what it could, and the tree's sweep removes the rest
      }
      this.trackerProxy = null;
    }
    await super.shutdown();
  }

  private tracker(): Promise<TrackerProxy> {
    this.trackerProxy ??= this.create<TrackerProxy>('SharedMemoryTracker');
    return this.trackerProxy;
  }

  private async track(tracker: TrackerProxy, shm: SharedMemory): Promise<void> {
    try {
      await tracker.track(shm.name);
    } catch (error) {
      shm.unlink();
      throw error;
    }
  }
}

SharedMemoryManager.register('SharedMemoryTracker', segmentTracker, { exposed: ['track', 'tracked', 'unlinkAll'] });
