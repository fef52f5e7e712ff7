import { json, orders } from "../../lib/browse.js";

export const GET = (): Response => json(orders());
