using Stepwise.Container;

// SageMaker runs the image as `<entrypoint> train` or `<entrypoint> serve`.
return await ContainerProgram.RunAsync(args);
