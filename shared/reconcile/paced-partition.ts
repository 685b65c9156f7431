import type { TableClient } from '@azure/data-tables';
import { TablePartition, type Entity } from '../store/table-partition';

/** A directory partition whose reads (point reads and query pages) wait for `pace` first. */
export class PacedPartition extends TablePartition {
  constructor(
    table: TableClient,
    partitionKey: string,
    private readonly pace: () => Promise<void>,
  ) {
    super(table, partitionKey);
  }

  override async read(rowKey: string): Promise<Entity | undefined> {
    await this.pace();
    return super.read(rowKey);
  }

  override async *range(bounds: { from: string; to: string }, pageSize = 1000, select?: string[]): AsyncIterable<Entity[]> {
    const pages = super.range(bounds, pageSize, select)[Symbol.asyncIterator]();
    for (;;) {
      await this.pace();
      const page = await pages.next();
      if (page.done) return;
      yield page.value;
    }
  }
}
