import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { queryAll, type Tables } from "./table-access.js";

/** A user-publications row: which templates a user authors or owns. */
export interface PublicationRow {
  user: string;
  template_id: string;
  role: "author" | "owner";
  version: string;
  name: string;
}

/** The one reader and writer of user-publications; publish keeps a template's rows equal to its author and owners. */
export class PublicationStore {
  constructor(private readonly t: Tables) {}

  get tableName(): string {
    return this.t.table("userPublications");
  }

  /** Users with a row for the template, through the template-index GSI. */
  async usersOf(templateId: string): Promise<string[]> {
    const rows = await queryAll(this.t.doc, {
      TableName: this.tableName,
      IndexName: "template-index",
      KeyConditionExpression: "template_id = :t",
      ExpressionAttributeValues: { ":t": templateId },
      ProjectionExpression: "#u",
      ExpressionAttributeNames: { "#u": "user" },
    });
    return rows.flatMap((row) => (typeof row.user === "string" ? [row.user] : []));
  }

  async put(row: PublicationRow): Promise<void> {
    await this.t.doc.send(new PutCommand({ TableName: this.tableName, Item: row }));
  }

  async delete(user: string, templateId: string): Promise<void> {
    await this.t.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { user, template_id: templateId } }));
  }
}
