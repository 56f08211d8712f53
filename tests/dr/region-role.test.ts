// DR fencing in the app (app/lib/dr/region-role.server.ts): a write reaching a region that the
// region role does not name as the writer is refused; reads pass; an unreadable role refuses.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { fencedWriteRefusal, readRegionRole, resetRegionRoleCache, writeRefusal } from "../../app/lib/dr/region-role.server";

const dir = mkdtempSync(join(tmpdir(), "calcapp-role-"));
const file = join(dir, "role.json");
const env = (region: string) => ({ DR_ROLE_FILE: file, APP_REGION: region }) as unknown as NodeJS.ProcessEnv;

describe("region role (write fence)", () => {
  beforeEach(() => resetRegionRoleCache());

  it("lets the writer region write and refuses the fenced one, naming the writer", async () => {
    writeFileSync(file, JSON.stringify({ writer: "eu-west-1", epoch: 2 }));
    expect(await writeRefusal(env("eu-west-1"))).toBeNull();
    resetRegionRoleCache();
    expect(await writeRefusal(env("us-east-1"))).toMatch(/us-east-1\) is fenced: eu-west-1 is the writer \(epoch 2\)/);
  });

  it("refuses only state-changing methods", async () => {
    writeFileSync(file, JSON.stringify({ writer: "eu-west-1", epoch: 2 }));
    expect(await fencedWriteRefusal("GET", env("us-east-1"))).toBeNull();
    expect(await fencedWriteRefusal("POST", env("us-east-1"))).not.toBeNull();
    expect(await fencedWriteRefusal("DELETE", env("us-east-1"))).not.toBeNull();
  });

  it("fails closed: a configured role that cannot be read refuses writes", async () => {
    expect(await writeRefusal({ DR_ROLE_FILE: join(dir, "missing.json"), APP_REGION: "eu-west-1" } as unknown as NodeJS.ProcessEnv)).toMatch(/cannot be read/);
  });

  it("without a DR role (development, staging) every write is allowed", async () => {
    expect(await readRegionRole({} as unknown as NodeJS.ProcessEnv)).toBeUndefined();
    expect(await fencedWriteRefusal("POST", {} as unknown as NodeJS.ProcessEnv)).toBeNull();
  });
});
