/**
 * Writes items that arrive while earlier writes are under way together, in one call: one
 * statement and one commit for many instead of one each — the way PostgreSQL's group
 * commit shares one WAL flush between transactions. An item waits for no timer: it is
 * written at the next turn of the event loop if fewer than `concurrency` writes are under
 * way (gathering whatever arrived in the same turn), else as soon as one ends, with
 * everything that came meanwhile (at most `maxItems` a call).
 *
 * Each caller gets its own item's result. A failed write of several items is tried again
 * item by item, so one item the database refuses fails alone, not its neighbours — unless
 * `retryAlone` says the failure is not the items' (the database is away: every item would
 * fail again, one timeout each).
 */
export function createGroupCommit<Item, Result>(
  write: (items: Item[]) => Promise<Result[]>,
  options: { concurrency?: number; maxItems?: number; retryAlone?: (error: unknown) => boolean } = {},
): (item: Item) => Promise<Result> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const maxItems = Math.max(1, options.maxItems ?? 100);
  const queue: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  let running = 0;
  let scheduled = false;

  function startWhenFree() {
    if (scheduled || running >= concurrency || queue.length === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      while (running < concurrency && queue.length > 0) void run(queue.splice(0, maxItems));
    });
  }

  async function run(group: typeof queue) {
    running++;
    try {
      const results = await writeGroup(group.map((entry) => entry.item));
      group.forEach((entry, index) => (results[index] instanceof GroupItemFailure ? entry.reject((results[index] as GroupItemFailure).cause) : entry.resolve(results[index] as Result)));
    } finally {
      running--;
      startWhenFree();
    }
  }

  async function writeGroup(items: Item[]): Promise<(Result | GroupItemFailure)[]> {
    try {
      const results = await write(items);
      if (results.length !== items.length) throw new Error(`a group write returned ${results.length} results for ${items.length} items`);
      return results;
    } catch (error) {
      if (items.length === 1 || options.retryAlone?.(error) === false) return items.map(() => new GroupItemFailure(error));
      const alone: (Result | GroupItemFailure)[] = [];
      for (const item of items) alone.push(...(await writeGroup([item])));
      return alone;
    }
  }

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      startWhenFree();
    });
}

class GroupItemFailure {
  readonly cause: unknown;
  constructor(cause: unknown) {
    this.cause = cause;
  }
}
