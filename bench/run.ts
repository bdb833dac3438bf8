// `npm run bench -- <name>`: runs one benchmark (or all with no name) and prints its table.
const BENCHES: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  ledger: () => import('./ledger'),
  sandbox: () => import('./sandbox'),
};

const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const chosen = names.length > 0 ? names : Object.keys(BENCHES);
for (const name of chosen) {
  const load = BENCHES[name];
  if (!load) {
    console.error(`unknown benchmark "${name}"; choose from: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n# ${name}\n`);
  await (await load()).run();
}
process.exit(0);

export {};
