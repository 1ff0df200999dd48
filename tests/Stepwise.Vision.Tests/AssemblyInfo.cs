// Tests run in parallel: training steps suspend libtorch's oneDNN with a counted scope (OneDnn.Suspend), which a
// concurrent prediction never turns back on (it only runs slower meanwhile). The one test that reads the switch
// itself is in a collection of its own, run alone.
