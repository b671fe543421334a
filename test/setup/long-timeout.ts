// Integration and end-to-end tests start real processes; give them room (jest's per-project testTimeout is not honoured).
jest.setTimeout(120_000);
