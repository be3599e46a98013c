import { mswEnv } from '../support/env.js';
import { realnameScenarios } from '../scenarios/realname.js';

realnameScenarios('in-process through MSW', async () => mswEnv());
