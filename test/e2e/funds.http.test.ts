import { httpEnv } from '../support/env.js';
import { fundsScenarios } from '../scenarios/funds.js';

fundsScenarios('standalone server over HTTP', () => httpEnv());
