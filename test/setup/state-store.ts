import { closeTestStateStores } from '../helpers/test-state-store';

// Every test file: the stores its sandboxes kept state in, and its redis-server if it started one, go at the end.
afterAll(closeTestStateStores);
