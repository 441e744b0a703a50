// The browser journey (journey.ts) against the stand-in preview host; the same steps run
// against a real Mattermost server in test/mattermost/browser-journey.test.ts.
import {startE2E, standIn} from './harness';
import {securityReleaseJourney} from './journey';

jest.setTimeout(120_000);

securityReleaseJourney('stand-in', () => startE2E(standIn));
