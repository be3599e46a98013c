import { httpEnv } from '../support/env.js';
import { freezeScenarios } from '../scenarios/freeze.js';

freezeScenarios('standalone server over HTTP', () => httpEnv());
