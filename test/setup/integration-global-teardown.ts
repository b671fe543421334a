export default async function globalTeardown(): Promise<void> {
  await globalThis.__LAWFIRM_INFRA__?.stop();
}
