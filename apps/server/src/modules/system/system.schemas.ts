// The wire contract lives in @wac/api-contract, shared with the console, the benchmarks and the tests.
export * from '@wac/api-contract/system';
