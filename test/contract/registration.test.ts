import { mswEnv } from '../support/env.js';
import { registrationScenarios } from '../scenarios/registration.js';

registrationScenarios('in-process through MSW', async () => mswEnv());
