/** The benchmark's clinics: codes 99000000NN, secrets derived from the index (a benchmark's convenience). */
export function benchClinics(count: number): { code: string; name: string; secret: string }[] {
  return Array.from({ length: count }, (_, i) => ({ code: `99${String(i).padStart(8, '0')}`, name: `ベンチ診療所${i}`, secret: `bench-clinic-secret-${i}` }));
}
