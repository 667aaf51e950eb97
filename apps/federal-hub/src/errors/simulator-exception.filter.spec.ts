import { Logger } from '@nestjs/common';
import { useTestApp } from '../testing/federal-hub-test-app';
import { callHub, issueToken, ssaIndividual, ssaRequest } from '../testing/hub-calls';

describe('SimulatorExceptionFilter', () => {
  const broken = { next: (): number => { throw new Error('random source broke on 123456780'); } };
  const testApp = useTestApp({ random: broken });

  it('answers an unexpected error as the Hub does, 500 HX009000 in the envelope, and logs no request data', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await testApp.app.inject({ method: 'PUT', url: '/admin/faults', payload: { ssa: { errorRate: 0.5 } } });
    const response = await callHub(testApp.app, 'ssa-composite', { token: await issueToken(testApp.app), payload: ssaRequest(ssaIndividual('123456780')) });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ ssaCompositeResponse: { responseMetadata: { responseCode: 'HX009000', responseText: 'Unexpected exception at the Hub' } } });
    expect(logged).toHaveBeenCalledWith('Error while answering POST /hub/ssa-composite', expect.any(String));
    expect(JSON.stringify(logged.mock.calls)).not.toContain('123456780');
    logged.mockRestore();
  });

  it('answers an unknown route outside /hub in the OAuth error style', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found' });
  });

  it('never answers problem+json', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/nowhere' });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });
});
