import { httpEnv } from '../support/env.js';
import { fidelityScenarios } from '../scenarios/fidelity.js';

fidelityScenarios('standalone server over HTTP', () => httpEnv());
