import '@testing-library/jest-dom';

// Suites that render the whole sidebar and walk every control take several seconds on a busy
// two-core machine; the timeout only catches a hang, it is not a speed check.
jest.setTimeout(20000);
