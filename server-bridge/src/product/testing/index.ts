// In-memory stand-ins for tests and the preview host.
export {MemoryPlatform, type Seed, type LogEntry, type PublishedEvent} from './memory-platform';
export {MemoryKV} from '../store/memory-kv';
export {sampleTemplate, bareRun, bareStep} from './fixtures';
