import { mswEnv } from '../support/env.js';
import { tagScenarios } from '../scenarios/tags.js';

tagScenarios('in-process through MSW', async () => mswEnv());
