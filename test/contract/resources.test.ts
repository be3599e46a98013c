import { mswEnv } from '../support/env.js';
import { resourceScenarios } from '../scenarios/resources.js';

resourceScenarios('in-process through MSW', async () => mswEnv());
