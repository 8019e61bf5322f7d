import { describe, expect, it } from "vitest";
import { createGroupCommit } from "./group-commit.ts";

/** A write that waits until the test lets it end, recording each call's items. */
function controlledWrite(fail: (item: number) => boolean = () => false) {
  const calls: number[][] = [];
  const ends: (() => void)[] = [];
  const write = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push(items);
      ends.push(() => (items.some(fail) ? reject(new Error(`refused ${items.join(",")}`)) : resolve(items.map((item) => `done ${item}`))));
    });
  return { calls, write, endNext: () => ends.shift()?.() };
}
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("a group commit", () => {
  it("writes what arrives in one turn together, and what arrives during a write in the next one", async () => {
    const writer = controlledWrite();
    const add = createGroupCommit(writer.write);
    const first = [add(1), add(2)];
    await nextTurn();
    expect(writer.calls).toEqual([[1, 2]]);
    const later = [add(3), add(4), add(5)];
    await nextTurn();
    expect(writer.calls).toHaveLength(1); // one write at a time: they wait for it
    writer.endNext();
    expect(await Promise.all(first)).toEqual(["done 1", "done 2"]);
    await nextTurn();
    expect(writer.calls).toEqual([[1, 2], [3, 4, 5]]);
    writer.endNext();
    expect(await Promise.all(later)).toEqual(["done 3", "done 4", "done 5"]);
  });

  it("runs up to its concurrency of writes at once, and no more items a write than allowed", async () => {
    const writer = controlledWrite();
    const add = createGroupCommit(writer.write, { concurrency: 2, maxItems: 2 });
    const all = [1, 2, 3, 4, 5].map(add);
    await nextTurn();
    expect(writer.calls).toEqual([[1, 2], [3, 4]]);
    writer.endNext();
    await nextTurn();
    await nextTurn();
    expect(writer.calls).toEqual([[1, 2], [3, 4], [5]]);
    writer.endNext();
    writer.endNext();
    expect(await Promise.all(all)).toHaveLength(5);
  });

  it("fails only the item the write refuses: the others of its group are written alone", async () => {
    const writer = controlledWrite((item) => item === 2);
    const add = createGroupCommit(writer.write);
    const results = [1, 2, 3].map((item) => add(item).catch((error: Error) => error.message));
    await nextTurn();
    for (let call = 0; call < 4; call++) {
      writer.endNext();
      await nextTurn();
    }
    expect(await Promise.all(results)).toEqual(["done 1", "refused 2", "done 3"]);
    expect(writer.calls).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it("fails the whole group at once when the failure is not the items' (retryAlone)", async () => {
    const writer = controlledWrite(() => true);
    const add = createGroupCommit(writer.write, { retryAlone: () => false });
    const results = [1, 2].map((item) => add(item).catch((error: Error) => error.message));
    await nextTurn();
    writer.endNext();
    expect(await Promise.all(results)).toEqual(["refused 1,2", "refused 1,2"]);
    expect(writer.calls).toHaveLength(1);
  });
});
