import type { TableClient } from '@azure/data-tables';
import { TablePartition, type Entity, type KeyRange } from '../store/table-partition';

/** A directory partition whose reads (point reads and query pages, `page` included) wait for `pace` first. */
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

  override async *range(bounds: KeyRange, pageSize?: number, select?: string[]): AsyncIterable<Entity[]> {
    const pages = super.range(bounds, pageSize, select)[Symbol.asyncIterator]();
    for (;;) {
      await this.pace();
      const page = await pages.next();
      if (page.done) return;
      yield page.value;
    }
  }
}
