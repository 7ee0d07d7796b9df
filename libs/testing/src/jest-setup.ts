// Integration and end-to-end tests talk to real servers and processes; their
// waits carry their own deadlines (waitFor), so Jest's own limit is generous.
jest.setTimeout(120_000);
