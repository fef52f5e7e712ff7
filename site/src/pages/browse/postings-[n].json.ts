import type { PostingShard } from "../../../../core/site/browse-data.js";
import { json, shards } from "../../lib/browse.js";

export function getStaticPaths() {
  return shards().map((shard, n) => ({ params: { n: String(n) }, props: { shard } }));
}

export const GET = ({ props }: { props: { shard: PostingShard } }): Response => json(props.shard);
