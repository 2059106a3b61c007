/**
 * The examples deployed with the AWS CDK v2: add this construct to a CDK app that depends on aws-cdk-lib,
 * and bundle the handlers into build/ next to this file first (`npm run bundle`). This repository does not
 * install aws-cdk-lib: the end-to-end run compiles this file in a fresh app that does, and a test checks it
 * agrees with the handlers.
 */
import { fileURLToPath } from 'node:url'
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib'
import * as apigateway from 'aws-cdk-lib/aws-apigateway'
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import type { Construct } from 'constructs'

export class BinaryResponseExamplesStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props)
    const code = lambda.Code.fromAsset(fileURLToPath(new URL('./build', import.meta.url)))
    const fn = (name: string, handler: string) =>
      new lambda.Function(this, name, {
        runtime: lambda.Runtime.NODEJS_22_X,
        code,
        handler,
        memorySize: 512,
        timeout: Duration.seconds(10),
      })

    // REST API (payload 1.0): the list in examples/rest-api.ts, written with `/` (only SAM wants `~1`).
    const restApi = new apigateway.RestApi(this, 'RestApi', {
      binaryMediaTypes: ['image/*'],
      deployOptions: { stageName: 'prod' },
    })
    const images = restApi.root.addResource('images')
    images
      .addResource('logo.png')
      .addMethod(
        'GET',
        new apigateway.LambdaIntegration(fn('ImageRestApi', 'image-rest-api.handler')),
      )
    images
      .addResource('logo.json')
      .addMethod('GET', new apigateway.LambdaIntegration(fn('JsonRoute', 'json-route.handler')))
    const catalog = new apigateway.LambdaIntegration(fn('Catalog', 'router.handler'))
    const catalogResource = restApi.root.addResource('catalog')
    catalogResource.addMethod('GET', catalog)
    catalogResource.addResource('{proxy+}').addMethod('GET', catalog)

    // HTTP API (payload 2.0) and a Function URL in BUFFERED mode: both always decode base64.
    const pdfDownload = fn('PdfDownload', 'pdf-download.handler')
    const httpApi = new HttpApi(this, 'HttpApi')
    httpApi.addRoutes({
      path: '/reports/latest.pdf',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('PdfDownloadIntegration', pdfDownload),
    })
    const pdfUrl = pdfDownload.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.BUFFERED,
    })

    new CfnOutput(this, 'RestApiUrl', { value: restApi.url })
    new CfnOutput(this, 'HttpApiUrl', { value: httpApi.apiEndpoint })
    new CfnOutput(this, 'PdfFunctionUrl', { value: pdfUrl.url })
  }
}
