namespace Stepwise.Workflows;

/// <summary>Reads an item from a DynamoDB table (<c>dynamodb:getItem</c>): <c>TableName</c>, <c>Key</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class DynamoDBGetItemStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>dynamodb:getItem</c> (request and response only).</summary>
    public DynamoDBGetItemStep(string name)
        : base(name, "dynamodb", "getItem", IntegrationPattern.CallAndContinue, CallOnly) { }
}

/// <summary>Writes an item to a DynamoDB table (<c>dynamodb:putItem</c>): <c>TableName</c>, <c>Item</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class DynamoDBPutItemStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>dynamodb:putItem</c> (request and response only).</summary>
    public DynamoDBPutItemStep(string name)
        : base(name, "dynamodb", "putItem", IntegrationPattern.CallAndContinue, CallOnly) { }
}

/// <summary>Deletes an item from a DynamoDB table (<c>dynamodb:deleteItem</c>): <c>TableName</c>, <c>Key</c> in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class DynamoDBDeleteItemStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>dynamodb:deleteItem</c> (request and response only).</summary>
    public DynamoDBDeleteItemStep(string name)
        : base(name, "dynamodb", "deleteItem", IntegrationPattern.CallAndContinue, CallOnly) { }
}

/// <summary>Updates an item of a DynamoDB table (<c>dynamodb:updateItem</c>): <c>TableName</c>, <c>Key</c>, <c>UpdateExpression</c>, … in <see cref="TaskStep.Parameters"/>.</summary>
public sealed class DynamoDBUpdateItemStep : ServiceIntegrationStep
{
    /// <summary>A step calling <c>dynamodb:updateItem</c> (request and response only).</summary>
    public DynamoDBUpdateItemStep(string name)
        : base(name, "dynamodb", "updateItem", IntegrationPattern.CallAndContinue, CallOnly) { }
}
