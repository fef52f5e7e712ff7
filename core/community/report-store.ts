import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Report } from "../types/generated.js";
import { queryAll, type Tables, written } from "./table-access.js";

export type ReportItem = Report;

/** The one reader and writer of community-reports; a repeated report is a conditional-put failure on its digest key. */
export class ReportStore {
  constructor(private readonly t: Tables) {}

  /** Files a report; false when the same reporter already has an open report on the same target. */
  async createReport(report: ReportItem): Promise<boolean> {
    return written(
      this.t.doc.send(
        new PutCommand({
          TableName: this.t.table("communityReports"),
          Item: report,
          ConditionExpression: "attribute_not_exists(report_id) OR #s <> :open",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":open": "open" },
        }),
      ),
    );
  }

  async getReport(id: string): Promise<ReportItem | undefined> {
    const out = await this.t.doc.send(new GetCommand({ TableName: this.t.table("communityReports"), Key: { report_id: id }, ConsistentRead: true }));
    return out.Item as ReportItem | undefined;
  }

  /** The moderation queue: reports with a status, oldest first. */
  async reportsByStatus(status: ReportItem["status"]): Promise<ReportItem[]> {
    const items = await queryAll(this.t.doc, {
      TableName: this.t.table("communityReports"),
      IndexName: "status-index",
      KeyConditionExpression: "#s = :s",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": status },
    });
    return items as unknown as ReportItem[];
  }

  /** Closes an open report; false when it is missing or no longer open. */
  async closeReport(id: string, status: "resolved" | "dismissed", by: string, at: string, note?: string): Promise<boolean> {
    return written(
      this.t.doc.send(
        new UpdateCommand({
          TableName: this.t.table("communityReports"),
          Key: { report_id: id },
          UpdateExpression: `SET #s = :s, resolved_at = :at, resolved_by = :by${note ? ", resolution = :note" : ""}`,
          ConditionExpression: "#s = :open",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":s": status, ":at": at, ":by": by, ":open": "open", ...(note ? { ":note": note } : {}) },
        }),
      ),
    );
  }
}
