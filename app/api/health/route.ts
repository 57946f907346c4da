import { NextResponse } from "next/server";
import { getHealth } from "@/lib/data/get-health";
import { route } from "@/lib/route";

export const dynamic = "force-dynamic";

// Public on purpose: load balancers probe it. It reveals no tenant data.
export const GET = route(async () => {
  const health = await getHealth();
  return NextResponse.json(health, { status: health.status === "down" ? 503 : 200 });
});
