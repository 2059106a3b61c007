/**
 * The REST API's BinaryMediaTypes, shared by every function behind that API. The middleware must use the
 * same list as the API: API Gateway decodes `isBase64Encoded` bodies only when the request's first Accept
 * media type matches the API's list, and sends the base64 text otherwise. (SAM and CloudFormation spell
 * it `image~1*`; redeploy the stage after changing it.)
 */
export const restApiBinaryMediaTypes = ['image/*'] as const
