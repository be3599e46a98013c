import { httpEnv } from '../support/env.js';
import { resourceScenarios } from '../scenarios/resources.js';

resourceScenarios('standalone server over HTTP', () => httpEnv());
