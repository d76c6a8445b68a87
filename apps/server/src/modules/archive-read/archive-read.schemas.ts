// The wire contract lives in @wac/api-contract, shared with the console and the tests.
export * from '@wac/api-contract/archive-read';
