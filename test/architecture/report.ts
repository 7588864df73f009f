import { circles, projectEdges, upwardImports } from './imports.ts';

// Prints the layer check's findings: `node test/architecture/report.ts`.
const edges = projectEdges();
const upward = upwardImports(edges);
for (const { from, to } of upward) console.log(`up: ${from} -> ${to}`);
const groups = circles(edges);
for (const group of groups) console.log(`circle of ${group.length}: ${group.join(' ')}`);
console.log(`${upward.length} upward imports, ${groups.length} circles`);
