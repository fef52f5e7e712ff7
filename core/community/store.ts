import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CatalogStore } from "./catalog-store.js";
import { PublicationStore } from "./publication-store.js";
import { ReportStore } from "./report-store.js";
import { ReviewStore } from "./review-store.js";
import type { Tables } from "./table-access.js";
import { type TableKey, tableName } from "./tables.js";
import { UsageStore } from "./usage-store.js";

export type { Item } from "./table-access.js";

/**
 * The community tables behind the API, publish, sync-stats, moderation and the build, one store
 * per table and nothing else touching them: the catalog and its counters (community-templates),
 * reviews and votes (template-reviews), reports (community-reports), who publishes what
 * (user-publications) and the usage tables. Every
 * write that must happen at most once is a single conditional write on one item (dynalite has no
 * transactions, and none are needed).
 */
export class CommunityStore implements Tables {
  readonly doc: DynamoDBDocumentClient;
  readonly catalog: CatalogStore;
  readonly reviews: ReviewStore;
  readonly reports: ReportStore;
  readonly publications: PublicationStore;
  /** The usage tables: events, counting limits, rollups, verification evidence. */
  readonly usage: UsageStore;
  private readonly prefix: string | undefined;

  constructor(client: DynamoDBClient, prefix?: string) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.prefix = prefix;
    this.catalog = new CatalogStore(this);
    this.reviews = new ReviewStore(this);
    this.reports = new ReportStore(this);
    this.publications = new PublicationStore(this);
    this.usage = new UsageStore(this);
  }

  table(key: TableKey): string {
    return tableName(key, this.prefix);
  }
}
