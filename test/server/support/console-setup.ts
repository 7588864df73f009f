import { startApp } from '../../support/app.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import type { TestServer } from '../../support/http.ts';
import { buildSupportUser, ConsoleClient } from './console-client.ts';

// A console suite's starting point: the app, and an agent and an admin signed in.

export interface ConsoleSuite {
  ctx: TestContext;
  server: TestServer;
  agent: ConsoleClient;
  admin: ConsoleClient;
  close(): Promise<void>;
}

export async function startConsole(env: Record<string, string> = {}): Promise<ConsoleSuite> {
  const ctx = await createTestContext(env);
  const server = await startApp(ctx);
  const agentUser = await buildSupportUser(ctx, { role: 'agent' });
  const adminUser = await buildSupportUser(ctx, { role: 'admin' });
  const agent = await new ConsoleClient(server.url).login(agentUser.email, agentUser.password);
  const admin = await new ConsoleClient(server.url).login(adminUser.email, adminUser.password);
  return {
    ctx,
    server,
    agent,
    admin,
    async close() {
      await server.close();
      await ctx.close();
    },
  };
}

// The links a page has to a shipment view, in page order.
export function shipmentLinks(html: string): string[] {
  return [...html.matchAll(/href="\/support\/shipments\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
}

export async function auditActions(ctx: TestContext, action: string) {
  return ctx.db.selectFrom('audit_log').selectAll().where('shop_id', '=', ctx.shop.id).where('action', '=', action).orderBy('created_at').execute();
}
