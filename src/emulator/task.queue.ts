/**
 * A timer queue: tasks run after a delay in real milliseconds, in due order (FIFO among equal
 * due times), with one Node timer for the whole queue. Keeps thousands of scheduled statuses per
 * second cheap (a binary heap instead of a timer each).
 */
import { performance } from 'node:perf_hooks';

interface Task {
  due: number;
  seq: number;
  run: () => void;
}

export class TaskQueue {
  private readonly heap: Task[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = Infinity;

  get size(): number {
    return this.heap.length;
  }

  schedule(delayMs: number, run: () => void): void {
    this.push({ due: performance.now() + Math.max(0, delayMs), seq: this.seq++, run });
    this.arm();
  }

  clear(): void {
    this.heap.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = Infinity;
  }

  private arm(): void {
    const first = this.heap[0];
    if (!first) return;
    if (this.timer && this.timerDue <= first.due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = first.due;
    this.timer = setTimeout(() => this.drain(), Math.max(0, first.due - performance.now()));
    this.timer.unref();
  }

  private drain(): void {
    this.timer = null;
    this.timerDue = Infinity;
    const now = performance.now();
    let budget = 10_000; // yield to I/O now and then under heavy load
    while (budget-- > 0) {
      const first = this.heap[0];
      if (!first || first.due > now) break;
      this.pop();
      try {
        first.run();
      } catch {
        // A failing task must not stop the queue; tasks handle their own errors.
      }
    }
    this.arm();
  }

  private less(a: Task, b: Task): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private push(task: Task): void {
    const heap = this.heap;
    heap.push(task);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Task;
      if (!this.less(task, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = task;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.less(heap[r] as Task, heap[l] as Task) ? r : l;
      const c = heap[child] as Task;
      if (!this.less(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }
}
